import { createHash, createPrivateKey } from 'node:crypto';
import { addDays, AllDayEvent, BusyInterval, CalendarAuthError, CalendarCredentials, CalendarProvider, isCalendarDate } from '@mais/domain';
import { auth, calendar, calendar_v3 } from '@googleapis/calendar';

export interface GoogleCalendarProviderOptions {
  /**
   * GOOGLE_API_URL: replaces the base of both the Calendar API (`${url}/calendar/v3/...`) and the
   * OAuth token endpoint (`${url}/token`), so tests run the real client and auth flow against a fake.
   */
  googleApiUrl?: string;
  /** freeBusy ranges are split into windows of at most this many days (Google caps the range). Default 60, max 90. */
  freeBusyWindowDays?: number;
  /** Per-request timeout, token requests included. Default 30 s. */
  timeoutMs?: number;
  /** How many tenants' authorised clients (and their access tokens) to keep. Default 200. */
  maxCachedClients?: number;
}

const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar';
/** gtoken posts here, hard-coded; with googleApiUrl set the request is redirected (see clientFor). */
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const DAY_MS = 86_400_000;
const EVENT_ID = /^[a-v0-9]{5,1024}$/;
/** Google answers quota and rate limits with 403 too; those are worth retrying, not an auth failure. */
const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded', 'dailyLimitExceeded']);

type JwtClient = InstanceType<typeof auth.JWT>;

interface GoogleClient {
  api: calendar_v3.Calendar;
  clientEmail: string;
}

interface ServiceAccount {
  client_email: string;
  private_key: string;
  private_key_id?: string;
}

/**
 * A tenant's Google Calendar through a service account: reads freeBusy, writes one all-day event per
 * booking. Auth failures (invalid_grant, 401/403, a calendar not shared with the account, an unusable
 * key) become CalendarAuthError with a reason an admin can act on; anything else is a plain, retryable
 * Error. The client library's own retries are off: the queue retries, with backoff, and jobs are idempotent.
 */
export class GoogleCalendarProvider extends CalendarProvider {
  private readonly apiRootUrl: string | undefined;
  private readonly tokenUrl: string | undefined;
  private readonly windowMs: number;
  private readonly timeoutMs: number;
  private readonly maxCachedClients: number;
  private readonly clients = new Map<string, GoogleClient>();

  constructor(options: GoogleCalendarProviderOptions = {}) {
    super();
    const base = options.googleApiUrl?.replace(/\/+$/, '');
    this.apiRootUrl = base ? `${base}/` : undefined;
    this.tokenUrl = base ? `${base}/token` : undefined;
    this.windowMs = Math.min(Math.max(options.freeBusyWindowDays ?? 60, 1), 90) * DAY_MS;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxCachedClients = options.maxCachedClients ?? 200;
  }

  async freeBusy(credentials: CalendarCredentials, from: Date, to: Date): Promise<BusyInterval[]> {
    if (!(to.getTime() > from.getTime())) return [];
    return this.run(credentials, 'read the free/busy times of', async ({ api, clientEmail }) => {
      const intervals: BusyInterval[] = [];
      for (let start = from.getTime(); start < to.getTime(); start += this.windowMs) {
        const end = Math.min(start + this.windowMs, to.getTime());
        const { data } = await api.freebusy.query(
          {
            requestBody: {
              timeMin: new Date(start).toISOString(),
              timeMax: new Date(end).toISOString(),
              items: [{ id: credentials.calendarId }],
            },
          },
          this.requestOptions(),
        );
        const entry = data.calendars?.[credentials.calendarId];
        if (!entry) throw new Error(`Google freeBusy answered without calendar ${credentials.calendarId}`);
        const reasons = (entry.errors ?? []).map((e) => e.reason ?? 'unknown');
        if (reasons.includes('notFound')) throw notShared(credentials.calendarId, clientEmail);
        if (reasons.length > 0) throw new Error(`Google freeBusy failed for calendar ${credentials.calendarId}: ${reasons.join(', ')}`);
        for (const busy of entry.busy ?? []) {
          if (busy.start && busy.end) intervals.push({ start: new Date(busy.start), end: new Date(busy.end) });
        }
      }
      return intervals.sort((a, b) => a.start.getTime() - b.start.getTime());
    });
  }

  async upsertAllDayEvent(credentials: CalendarCredentials, event: AllDayEvent): Promise<void> {
    if (!EVENT_ID.test(event.eventId)) throw new RangeError(`Not a valid Google event id: ${event.eventId}`);
    if (!isCalendarDate(event.date)) throw new RangeError(`Not a YYYY-MM-DD calendar date: ${event.date}`);
    await this.run(credentials, 'add events to', async ({ api }) => {
      try {
        await api.events.insert(
          {
            calendarId: credentials.calendarId,
            requestBody: {
              id: event.eventId,
              summary: event.summary,
              description: event.description,
              start: { date: event.date },
              end: { date: addDays(event.date, 1) },
              transparency: 'opaque',
            },
          },
          this.requestOptions(),
        );
      } catch (error) {
        // The id is ours and deterministic: 409 means an earlier attempt already inserted it. It is left
        // as it is; updating could revive an event a later cancellation deleted.
        if (statusOf(error) !== 409) throw error;
      }
    });
  }

  async deleteEvent(credentials: CalendarCredentials, eventId: string): Promise<void> {
    await this.run(credentials, 'delete events from', async ({ api }) => {
      try {
        await api.events.delete({ calendarId: credentials.calendarId, eventId }, this.requestOptions());
      } catch (error) {
        // 410: deleted before; 404: never there. Either way the event is gone.
        const status = statusOf(error);
        if (status !== 404 && status !== 410) throw error;
      }
    });
  }

  private requestOptions() {
    return { retry: false, timeout: this.timeoutMs };
  }

  /** Runs `work` with the tenant's authorised client; maps failures; retries once with a fresh token after a 401. */
  private async run<T>(credentials: CalendarCredentials, action: string, work: (client: GoogleClient) => Promise<T>): Promise<T> {
    const key = createHash('sha256').update(credentials.serviceAccountJson).digest('hex');
    for (let attempt = 1; ; attempt++) {
      const client = this.clientFor(key, credentials.serviceAccountJson);
      try {
        return await work(client);
      } catch (error) {
        const failure = toCalendarError(error, { action, calendarId: credentials.calendarId, clientEmail: client.clientEmail });
        if (failure instanceof CalendarAuthError) {
          this.clients.delete(key);
          // A 401 may be a stale cached access token; one fresh token settles whether the grant is gone.
          if (attempt === 1 && statusOf(error) === 401 && !isOAuthError(dataOf(error))) continue;
        }
        throw failure;
      }
    }
  }

  private clientFor(key: string, serviceAccountJson: string): GoogleClient {
    const cached = this.clients.get(key);
    if (cached) {
      this.clients.delete(key);
      this.clients.set(key, cached); // most recently used last
      return cached;
    }
    const account = parseServiceAccount(serviceAccountJson);
    const jwt: JwtClient = new auth.JWT({
      email: account.client_email,
      key: account.private_key,
      keyId: account.private_key_id,
      scopes: [CALENDAR_SCOPE],
      // Node's own fetch: gaxios would otherwise import() node-fetch, an ESM module jest cannot load.
      transporterOptions: { timeout: this.timeoutMs, fetchImplementation: fetch },
    });
    const tokenUrl = this.tokenUrl;
    if (tokenUrl) {
      // gtoken 8 has no token-URL setting, but it sends through the JWT client's transporter.
      jwt.transporter.interceptors.request.add({
        resolved: async (config) => {
          if (config.url.href === GOOGLE_TOKEN_URL) config.url = new URL(tokenUrl);
          return config;
        },
      });
    }
    const api = calendar({ version: 'v3', auth: jwt, ...(this.apiRootUrl ? { rootUrl: this.apiRootUrl } : {}) });
    const client = { api, clientEmail: account.client_email };
    this.clients.set(key, client);
    if (this.clients.size > this.maxCachedClients) this.clients.delete(this.clients.keys().next().value!);
    return client;
  }
}

/** The fields the JWT flow needs, checked up front: a broken key must not look like a network error. */
function parseServiceAccount(json: string): ServiceAccount {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new CalendarAuthError('The Google service-account credentials are not valid JSON.');
  }
  const account = parsed as Partial<ServiceAccount> & { type?: unknown };
  if (account.type !== undefined && account.type !== 'service_account') {
    throw new CalendarAuthError(`The Google credentials are of type "${String(account.type)}"; a service-account key is required.`);
  }
  if (typeof account.client_email !== 'string' || typeof account.private_key !== 'string') {
    throw new CalendarAuthError('The Google service-account JSON lacks client_email or private_key.');
  }
  try {
    createPrivateKey(account.private_key);
  } catch {
    throw new CalendarAuthError(`The private_key of service account ${account.client_email} is not a valid PEM private key.`);
  }
  return {
    client_email: account.client_email,
    private_key: account.private_key,
    private_key_id: typeof account.private_key_id === 'string' ? account.private_key_id : undefined,
  };
}

interface OAuthErrorBody {
  error: string;
  error_description?: string;
}

interface ApiErrorBody {
  error: { code?: number; message?: string; errors?: Array<{ reason?: string; message?: string }> };
}

function statusOf(error: unknown): number | undefined {
  const e = error as { status?: unknown; response?: { status?: unknown } } | null;
  const status = e?.response?.status ?? e?.status;
  return typeof status === 'number' ? status : undefined;
}

function dataOf(error: unknown): unknown {
  return (error as { response?: { data?: unknown } } | null)?.response?.data;
}

function isOAuthError(data: unknown): data is OAuthErrorBody {
  return typeof data === 'object' && data !== null && typeof (data as OAuthErrorBody).error === 'string';
}

function isApiError(data: unknown): data is ApiErrorBody {
  return typeof data === 'object' && data !== null && typeof (data as ApiErrorBody).error === 'object';
}

function notShared(calendarId: string, clientEmail: string): CalendarAuthError {
  return new CalendarAuthError(`Google Calendar ${calendarId} was not found, or it is not shared with the service account ${clientEmail}.`);
}

/**
 * CalendarAuthError for what retrying cannot fix without an admin (rejected grant, 401, 403 other than
 * rate limits, calendar not found); a plain Error (retryable) for everything else. Messages carry the
 * provider's reason but no request data, so they are safe to store and log.
 */
function toCalendarError(error: unknown, context: { action: string; calendarId: string; clientEmail: string }): Error {
  if (error instanceof CalendarAuthError) return error;
  const status = statusOf(error);
  const data = dataOf(error);
  const fallback = error instanceof Error ? error.message : String(error);

  if (isOAuthError(data)) {
    const reason = `${data.error}${data.error_description ? ` (${data.error_description})` : ''}`;
    if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
      return new CalendarAuthError(`Google rejected the service account credentials: ${reason}`);
    }
    return new Error(`Google's token endpoint failed (HTTP ${status ?? 'none'}): ${reason}`);
  }

  const message = (isApiError(data) && data.error.message) || fallback;
  const reasons = isApiError(data) ? (data.error.errors ?? []).map((e) => e.reason ?? '') : [];
  if (status === 401) {
    return new CalendarAuthError(`Google Calendar refused the service account's access (401): ${message}`);
  }
  if (status === 403 && !reasons.some((r) => RATE_LIMIT_REASONS.has(r))) {
    return new CalendarAuthError(`Service account ${context.clientEmail} may not ${context.action} calendar ${context.calendarId} (403): ${message}`);
  }
  if (status === 404) return notShared(context.calendarId, context.clientEmail);
  if (status === undefined) return new Error(`Google Calendar request failed: ${fallback}`);
  return new Error(`Google Calendar could not ${context.action} calendar ${context.calendarId} (HTTP ${status}): ${message}`);
}
