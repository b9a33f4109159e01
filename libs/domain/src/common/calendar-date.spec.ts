import { addDays, daysBetween, eventDateWindow, isCalendarDate, isValidTimeZone, isWithinEventDateWindow, toCalendarDate, todayIn } from './calendar-date';

describe('calendar dates', () => {
  it('accepts real days and rejects impossible ones', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2027-13-01')).toBe(false);
    expect(isCalendarDate('2027-6-1')).toBe(false);
  });
  it('takes only the exact form YYYY-MM-DD: no time, no surrounding text', () => {
    expect(isCalendarDate('2027-01-01T10:00:00Z')).toBe(false);
    expect(isCalendarDate(' 2027-01-01')).toBe(false);
    expect(isCalendarDate('2027-01-01\n')).toBe(false);
  });
  it('rolls no day over into the next month, whatever the month length', () => {
    expect(isCalendarDate('2027-04-31')).toBe(false);
    expect(isCalendarDate('2027-02-30')).toBe(false);
    expect(isCalendarDate('2027-00-10')).toBe(false);
    expect(isCalendarDate('2027-12-32')).toBe(false);
    expect(isCalendarDate('2027-04-30')).toBe(true);
  });
  it('refuses years before 0100, which JavaScript dates would read as 19xx', () => {
    expect(isCalendarDate('0050-06-15')).toBe(false);
    expect(isCalendarDate('0100-06-15')).toBe(true);
  });
  it('is a date only when it is a string: numbers and objects that print like one are not', () => {
    expect(isCalendarDate(20270101)).toBe(false);
    expect(isCalendarDate({ toString: () => '2027-01-01' })).toBe(false);
    expect(isCalendarDate(new Date('2027-01-01'))).toBe(false);
    expect(isCalendarDate(null)).toBe(false);
  });
  it('reads a date column back as YYYY-MM-DD, from a string (time dropped) or a local-midnight Date', () => {
    expect(toCalendarDate('2027-01-05')).toBe('2027-01-05');
    expect(toCalendarDate('2027-01-05T00:00:00.000Z')).toBe('2027-01-05');
    expect(toCalendarDate(new Date(2027, 0, 5))).toBe('2027-01-05');
    expect(toCalendarDate(new Date(2027, 11, 31))).toBe('2027-12-31');
  });
  it('knows the IANA time zones and no others', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
  it('adds days across month and year ends', () => {
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });
  it('counts the days between two dates', () => expect(daysBetween('2027-01-01', '2028-01-01')).toBe(365));
  it("gives the tenant's today in its own time zone", () => {
    const instant = new Date('2027-06-12T02:00:00Z');
    expect(todayIn('UTC', instant)).toBe('2027-06-12');
    expect(todayIn('America/Los_Angeles', instant)).toBe('2027-06-11');
  });
});

describe('the event-date window', () => {
  it('spans five years either side of today, both ends included', () => {
    expect(eventDateWindow('2026-12-03')).toEqual({ earliest: '2021-12-03', latest: '2031-12-03' });
    expect(isWithinEventDateWindow('2031-12-03', '2026-12-03')).toBe(true);
    expect(isWithinEventDateWindow('2021-12-03', '2026-12-03')).toBe(true);
    expect(isWithinEventDateWindow('2031-12-04', '2026-12-03')).toBe(false);
    expect(isWithinEventDateWindow('2021-12-02', '2026-12-03')).toBe(false);
  });

  it('refuses year 9999 and year 1', () => {
    expect(isWithinEventDateWindow('9999-12-31', '2026-12-03')).toBe(false);
    expect(isWithinEventDateWindow('0001-01-01', '2026-12-03')).toBe(false);
  });

  it('moves 29 February to 28 February in a common year', () => {
    expect(eventDateWindow('2028-02-29')).toEqual({ earliest: '2023-02-28', latest: '2033-02-28' });
  });
});
