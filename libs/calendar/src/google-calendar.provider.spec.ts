import { CalendarAuthError, CalendarCredentials } from '@mais/domain';
import { FakeGoogleServer, makeServiceAccountJson } from '@mais/testing';
import { busyIntervalsToDays } from './busy-days';
import { eventIdForBooking } from './event-id';
import { GoogleCalendarProvider } from './google-calendar.provider';

const DAY_MS = 86_400_000;
const calendarId = 'weddings@group.calendar.google.com';

describe(GoogleCalendarProvider.name, () => {
  let google: FakeGoogleServer;
  let provider: GoogleCalendarProvider;
  let credentials: CalendarCredentials;

  beforeAll(async () => {
    google = await FakeGoogleServer.start();
    credentials = { calendarId, serviceAccountJson: makeServiceAccountJson() };
  });
  afterAll(() => google.stop());
  beforeEach(() => {
    google.reset();
    provider = new GoogleCalendarProvider({ googleApiUrl: google.url });
  });

  const event = (bookingId = '7f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f') => ({
    eventId: eventIdForBooking(bookingId),
    date: '2026-06-13',
    summary: 'Wedding: Ada Lovelace',
    description: 'Booked through MAIS',
  });

  it('reads 18 months of freeBusy in windows of at most 90 days with one access token, reused', async () => {
    google.setBusy(calendarId, [
      { start: '2026-03-01T15:00:00Z', end: '2026-03-01T18:00:00Z' },
      { start: '2027-05-20T00:00:00Z', end: '2027-05-21T00:00:00Z' },
    ]);
    const from = new Date('2026-01-01T00:00:00Z');
    const to = new Date(from.getTime() + 548 * DAY_MS);

    const busy = await provider.freeBusy(credentials, from, to);
    await provider.freeBusy(credentials, from, to);

    expect(busy).toEqual([
      { start: new Date('2026-03-01T15:00:00Z'), end: new Date('2026-03-01T18:00:00Z') },
      { start: new Date('2027-05-20T00:00:00Z'), end: new Date('2027-05-21T00:00:00Z') },
    ]);
    expect(google.tokenRequests).toHaveLength(1);
    expect(google.tokenRequests[0].body).toMatchObject({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer' });
    const windows = google.apiRequests.map((r) => r.body as { timeMin: string; timeMax: string; items: Array<{ id: string }> });
    expect(windows.length).toBeGreaterThanOrEqual(14);
    for (const w of windows) {
      expect(new Date(w.timeMax).getTime() - new Date(w.timeMin).getTime()).toBeLessThanOrEqual(90 * DAY_MS);
      expect(w.items).toEqual([{ id: calendarId }]);
    }
    expect(new Set(google.apiRequests.map((r) => r.headers.authorization)).size).toBe(1);
  });

  it('turns a synced busy period and an all-day event into the busy days of the calendar time zone', async () => {
    google.setBusy(calendarId, [
      { start: '2026-07-03T22:00:00Z', end: '2026-07-05T02:00:00Z' },
      { start: '2026-08-01T04:00:00Z', end: '2026-08-02T04:00:00Z' },
    ]);

    const busy = await provider.freeBusy(credentials, new Date('2026-06-01T00:00:00Z'), new Date('2027-12-01T00:00:00Z'));

    expect(busyIntervalsToDays(busy, 'America/New_York')).toEqual(['2026-07-03', '2026-07-04', '2026-08-01']);
  });

  it('inserts one all-day event when the same booking is upserted twice', async () => {
    await provider.upsertAllDayEvent(credentials, event());
    await provider.upsertAllDayEvent(credentials, event());

    expect(google.events).toEqual([
      expect.objectContaining({
        calendarId,
        id: 'mais7f0c1d2e3a4b4c5d8e9f0a1b2c3d4e5f',
        status: 'confirmed',
        summary: 'Wedding: Ada Lovelace',
        start: { date: '2026-06-13' },
        end: { date: '2026-06-14' },
      }),
    ]);
    expect(google.apiRequests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });

  it('deletes the event, and counts deleting it again or deleting an unknown event as success', async () => {
    await provider.upsertAllDayEvent(credentials, event());

    await provider.deleteEvent(credentials, event().eventId);
    await provider.deleteEvent(credentials, event().eventId);
    await provider.deleteEvent(credentials, eventIdForBooking('00000000-0000-4000-8000-000000000000'));

    expect(google.events.map((e) => e.status)).toEqual(['cancelled']);
    const deletes = google.apiRequests.filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => r.path)).toContain(`/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events/${event().eventId}`);
  });

  it('throws CalendarAuthError with the reason when the token endpoint answers invalid_grant', async () => {
    google.rejectGrants('Invalid JWT Signature.');

    const error = await provider.freeBusy(credentials, new Date('2026-01-01T00:00:00Z'), new Date('2026-02-01T00:00:00Z')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CalendarAuthError);
    expect((error as Error).message).toBe('Google rejected the service account credentials: invalid_grant (Invalid JWT Signature.)');
    expect(google.apiRequests).toHaveLength(0);
  });

  it('throws CalendarAuthError when an assertion is signed with a key Google does not know', async () => {
    const account = JSON.parse(makeServiceAccountJson()) as Record<string, string>;
    const other = JSON.parse(makeServiceAccountJson()) as Record<string, string>;
    const forged = { calendarId, serviceAccountJson: JSON.stringify({ ...account, private_key: other.private_key }) };

    await expect(provider.upsertAllDayEvent(forged, event())).rejects.toThrow(
      new CalendarAuthError('Google rejected the service account credentials: invalid_grant (Invalid JWT Signature.)'),
    );
  });

  it('throws CalendarAuthError when the API keeps answering 401, after one retry with a fresh token', async () => {
    google.failNext(2, { status: 401, reason: 'authError', message: 'Invalid Credentials' });

    const error = await provider.upsertAllDayEvent(credentials, event()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CalendarAuthError);
    expect((error as Error).message).toContain('401');
    expect(google.tokenRequests).toHaveLength(2);
    expect(google.events).toHaveLength(0);
  });

  it('recovers when Google stops accepting a cached access token but the grant still works', async () => {
    await provider.upsertAllDayEvent(credentials, event());
    google.revokeTokens();

    await provider.deleteEvent(credentials, event().eventId);

    expect(google.tokenRequests).toHaveLength(2);
    expect(google.events.map((e) => e.status)).toEqual(['cancelled']);
  });

  it('throws CalendarAuthError when the service account may not write to the calendar (403)', async () => {
    google.failNext(1, { status: 403, reason: 'requiredAccessLevel', message: 'You need to have writer access to this calendar.' });

    await expect(provider.upsertAllDayEvent(credentials, event())).rejects.toBeInstanceOf(CalendarAuthError);
  });

  it('throws a plain retryable error when a 403 is only a rate limit', async () => {
    google.failNext(1, { status: 403, reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded' });

    const error = await provider.upsertAllDayEvent(credentials, event()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(CalendarAuthError);
  });

  it('throws CalendarAuthError when the calendar is not shared with the service account', async () => {
    google.hideCalendar(calendarId);

    await expect(provider.freeBusy(credentials, new Date('2026-01-01T00:00:00Z'), new Date('2026-02-01T00:00:00Z'))).rejects.toThrow(
      /weddings@group\.calendar\.google\.com was not found, or it is not shared with the service account mais-sync-/,
    );
  });

  it('throws a plain retryable error when Google answers 500, and succeeds on the next attempt', async () => {
    google.failNext(1, { status: 500 });

    const error = await provider.upsertAllDayEvent(credentials, event()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(CalendarAuthError);
    expect((error as Error).message).toContain('HTTP 500');

    await provider.upsertAllDayEvent(credentials, event());
    expect(google.events).toHaveLength(1);
  });

  it('throws a plain retryable error when the connection drops', async () => {
    google.failNext(1, { disconnect: true });

    const error = await provider.deleteEvent(credentials, event().eventId).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(CalendarAuthError);
  });

  it('throws CalendarAuthError for credentials that are not a usable service-account key, without calling Google', async () => {
    const broken = ['not json', JSON.stringify({ type: 'authorized_user' }), JSON.stringify({ client_email: 'a@b.c', private_key: 'nope' })];

    for (const serviceAccountJson of broken) {
      await expect(provider.freeBusy({ calendarId, serviceAccountJson }, new Date(0), new Date(DAY_MS))).rejects.toBeInstanceOf(CalendarAuthError);
    }
    expect(google.requests).toHaveLength(0);
  });
});
