import { ValidationError } from '../common/domain.error';
import { assertCalendarDate, assertDateRange, firstReason, UNAVAILABLE_REASONS, UnavailableReason } from './availability';

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

describe('the reasons a date is unavailable', () => {
  it('are, in the order one is reported over another: past, booked, blacked out, busy in the calendar, held', () => {
    expect(UNAVAILABLE_REASONS).toEqual(['PAST', 'BOOKED', 'BLACKOUT', 'CALENDAR_BUSY', 'HELD']);
    expect(firstReason(new Set<UnavailableReason>(['HELD', 'CALENDAR_BUSY']))).toBe('CALENDAR_BUSY');
    expect(firstReason(new Set<UnavailableReason>(['HELD']))).toBe('HELD');
  });
});

describe(assertCalendarDate.name, () => {
  it('lets a calendar date through and refuses anything else with a message naming the field', () => {
    expect(() => assertCalendarDate('2028-02-29', 'eventDate')).not.toThrow();
    for (const value of ['2027-02-29', '2027-6-1', 20270601, null, undefined]) {
      let caught: ValidationError | undefined;
      try {
        assertCalendarDate(value, 'eventDate');
      } catch (error) {
        caught = error as ValidationError;
      }
      expect(caught).toBeInstanceOf(ValidationError);
      expect(caught!.message).toBe('eventDate must be a date');
      expect(caught!.details.errors).toEqual([{ field: 'eventDate', message: 'must be a YYYY-MM-DD date' }]);
    }
  });
});

describe(`${assertDateRange.name}: what the refusal says`, () => {
  const messageOf = (from: unknown, to: unknown, maxDays?: number) => {
    try {
      assertDateRange(from, to, maxDays);
      return null;
    } catch (error) {
      return (error as ValidationError).message;
    }
  };

  it('names the problem in the message too', () => {
    expect(messageOf('x', '2027-01-01')).toBe('Invalid date range');
    expect(messageOf('2027-01-02', '2027-01-01')).toBe('Invalid date range');
    expect(messageOf('2027-01-01', '2028-01-02')).toBe('Date range too long');
  });

  it('takes a shorter limit, both ends counted', () => {
    expect(messageOf('2027-01-01', '2027-01-31', 31)).toBeNull();
    expect(messageOf('2027-01-01', '2027-02-01', 31)).toBe('Date range too long');
  });
});
