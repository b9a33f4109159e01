import { decodeCursor, encodeCursor, pageSize, toPage } from './pagination';

describe('pagination', () => {
  it('reads back the sort key a cursor was made from', () => {
    const cursor = encodeCursor(['2027-03-01T10:00:00.000Z', '0190b6a4-0000-7000-8000-000000000001']);
    expect(decodeCursor(cursor, ['instant', 'uuid'])).toEqual([new Date('2027-03-01T10:00:00.000Z'), '0190b6a4-0000-7000-8000-000000000001']);
    expect(decodeCursor(encodeCursor([7]), ['integer'])).toEqual([7]);
  });

  it.each([
    ['garbage', 'bm9wZQ', ['integer']],
    ['an empty cursor', '', ['integer']],
    ['a string for an integer', encodeCursor(['7']), ['integer']],
    ['a fraction', encodeCursor([1.5]), ['integer']],
    ['too many values', encodeCursor([7, 8]), ['integer']],
    ['a non-UUID id', encodeCursor(['2027-03-01T10:00:00.000Z', "x' or 1=1"]), ['instant', 'uuid']],
    ['a non-ISO instant', encodeCursor(['yesterday', '0190b6a4-0000-7000-8000-000000000001']), ['instant', 'uuid']],
  ] as const)('refuses %s with VALIDATION_FAILED on cursor', (_, cursor, kinds) => {
    expect(() => decodeCursor(cursor, kinds)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: { errors: [expect.objectContaining({ field: 'cursor' })] } }),
    );
  });

  it('gives a next cursor only when a row beyond the page was read', () => {
    expect(toPage([1, 2, 3], 2, (last) => [last])).toEqual({ items: [1, 2], nextCursor: encodeCursor([2]) });
    expect(toPage([1, 2], 2, (last) => [last])).toEqual({ items: [1, 2], nextCursor: null });
  });

  it('defaults the page size to 20 and keeps it within 1..100', () => {
    expect([pageSize({}), pageSize({ limit: 0 }), pageSize({ limit: 500 }), pageSize({ limit: 7 })]).toEqual([20, 1, 100, 7]);
  });
});
