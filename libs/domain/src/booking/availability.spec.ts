import { ValidationError } from '../common/domain.error';
import { assertDateRange, firstReason, UnavailableReason } from './availability';

describe(firstReason.name, () => {
  it('is null when nothing applies', () => {
    expect(firstReason(undefined)).toBeNull();
    expect(firstReason(new Set())).toBeNull();
  });

  it('reports a lasting reason before an open checkout', () => {
    expect(firstReason(new Set<UnavailableReason>(['HELD', 'BLACKOUT']))).toBe('BLACKOUT');
    expect(firstReason(new Set<UnavailableReason>(['CALENDAR_BUSY', 'BOOKED']))).toBe('BOOKED');
    expect(firstReason(new Set<UnavailableReason>(['BOOKED', 'PAST']))).toBe('PAST');
  });
});

describe(assertDateRange.name, () => {
  const errorsOf = (from: unknown, to: unknown) => {
    try {
      assertDateRange(from, to);
      return null;
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).details.errors;
    }
  };

  it('accepts a single day and a whole leap year', () => {
    expect(errorsOf('2027-06-12', '2027-06-12')).toBeNull();
    expect(errorsOf('2028-01-01', '2028-12-31')).toBeNull();
  });

  it('refuses 367 days', () => {
    expect(errorsOf('2027-01-01', '2028-01-02')).toEqual([{ field: 'to', message: 'the range may span at most 366 days' }]);
  });

  it('refuses a range that ends before it starts', () => {
    expect(errorsOf('2027-06-12', '2027-06-11')).toEqual([{ field: 'to', message: 'must not be before from' }]);
  });

  it('names each malformed end', () => {
    expect(errorsOf('2027-02-30', 'june')).toEqual([
      { field: 'from', message: 'must be a YYYY-MM-DD date' },
      { field: 'to', message: 'must be a YYYY-MM-DD date' },
    ]);
  });
});
