import { busyIntervalsToDays } from './busy-days';

const interval = (start: string, end: string) => ({ start: new Date(start), end: new Date(end) });

describe(busyIntervalsToDays.name, () => {
  it('marks an all-day event in New York (midnight to midnight local) as exactly its own day', () => {
    expect(busyIntervalsToDays([interval('2026-06-13T04:00:00Z', '2026-06-14T04:00:00Z')], 'America/New_York')).toEqual(['2026-06-13']);
  });

  it('marks a 23-hour all-day event on the spring-forward day as one day', () => {
    expect(busyIntervalsToDays([interval('2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z')], 'America/New_York')).toEqual(['2026-03-08']);
  });

  it('does not let an interval that ends exactly at midnight touch the next day', () => {
    expect(busyIntervalsToDays([interval('2026-06-13T22:00:00Z', '2026-06-14T00:00:00Z')], 'UTC')).toEqual(['2026-06-13']);
  });

  it('marks an interval that ends one minute after midnight on both days', () => {
    expect(busyIntervalsToDays([interval('2026-06-13T22:00:00Z', '2026-06-14T00:01:00Z')], 'UTC')).toEqual(['2026-06-13', '2026-06-14']);
  });

  it('marks every day a multi-day interval touches, sorted and without duplicates', () => {
    const days = busyIntervalsToDays(
      [
        interval('2026-12-30T10:00:00Z', '2027-01-02T10:00:00Z'),
        interval('2026-06-13T10:00:00Z', '2026-06-13T12:00:00Z'),
        interval('2026-12-31T08:00:00Z', '2026-12-31T09:00:00Z'),
      ],
      'UTC',
    );
    expect(days).toEqual(['2026-06-13', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
  });

  it('reads the same instant as the day it is in the calendar time zone', () => {
    const lateEvening = [interval('2026-06-14T02:00:00Z', '2026-06-14T03:00:00Z')];
    expect(busyIntervalsToDays(lateEvening, 'America/Los_Angeles')).toEqual(['2026-06-13']);
    expect(busyIntervalsToDays(lateEvening, 'Asia/Tokyo')).toEqual(['2026-06-14']);
  });

  it('ignores empty and inverted intervals', () => {
    expect(
      busyIntervalsToDays([interval('2026-06-13T10:00:00Z', '2026-06-13T10:00:00Z'), interval('2026-06-14T10:00:00Z', '2026-06-13T10:00:00Z')], 'UTC'),
    ).toEqual([]);
  });
});
