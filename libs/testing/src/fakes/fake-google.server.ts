import { generateKeyPairSync, KeyObject, randomBytes, randomUUID, verify } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { readBody, replyJson as reply } from './http';

/**
 * A local stand-in for Google's OAuth token endpoint and the Calendar v3 API, enough for the real
 * `@googleapis/calendar` client and google-auth-library's service-account (JWT bearer) flow:
 *
 *   POST   /token                                          JWT-bearer grant → access token
 *   POST   /calendar/v3/freeBusy                           busy intervals per calendar
 *   POST   /calendar/v3/calendars/:calendarId/events       insert (409 when the id exists)
 *   DELETE /calendar/v3/calendars/:calendarId/events/:id   delete (204; 410 when already deleted)
 *
 * Point a client at it with GOOGLE_API_URL = `fake.url`. All-day events are read in UTC (the fake
 * calendar's time zone) and, like Google, show up in freeBusy.
 */

export interface FakeGoogleRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON for API calls, the form fields for the token endpoint. */
  body: unknown;
}

export interface FakeCalendarEvent {
  calendarId: string;
  id: string;
  status: 'confirmed' | 'cancelled';
  summary?: string;
  description?: string;
  start: { date?: string; dateTime?: string };
  end: { date?: string; dateTime?: string };
  transparency?: string;
}

export interface FakeBusyInterval {
  start: string | Date;
  end: string | Date;
}

export interface FakeGoogleFailure {
  /** HTTP status; default 500. */
  status?: number;
  /** Google's error reason (`authError`, `forbidden`, `rateLimitExceeded`…), or the OAuth `error` for the token endpoint. */
  reason?: string;
  message?: string;
  /** Which side fails: the Calendar API (default) or the token endpoint. */
  endpoint?: 'api' | 'token';
  /** Drop the connection without answering, like a network failure. */
  disconnect?: boolean;
}

export interface FakeGoogleOptions {
  /** Longest freeBusy range accepted, in days; longer ones get a 400. Default 90. */
  maxFreeBusyDays?: number;
}

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const EVENT_ID = /^[a-v0-9]{5,1024}$/;
const DAY_MS = 86_400_000;

/** Public keys of the service accounts made by makeServiceAccountJson, by client_email. */
const knownServiceAccounts = new Map<string, KeyObject>();

/**
 * A service-account JSON with a fresh RSA key, as Google's console downloads it. The fake token
 * endpoint verifies assertions signed with it (assertions from other accounts are accepted unchecked).
 */
export function makeServiceAccountJson(tokenUri = 'https://oauth2.googleapis.com/token'): string {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const id = randomBytes(4).toString('hex');
  const clientEmail = `mais-sync-${id}@mais-test.iam.gserviceaccount.com`;
  knownServiceAccounts.set(clientEmail, publicKey);
  return JSON.stringify({
    type: 'service_account',
    project_id: 'mais-test',
    private_key_id: randomBytes(20).toString('hex'),
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: clientEmail,
    client_id: String(100000000000000000000n + BigInt(`0x${id}`)),
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: tokenUri,
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`,
    universe_domain: 'googleapis.com',
  });
}

export class FakeGoogleServer {
  readonly requests: FakeGoogleRequest[] = [];
  private readonly busy = new Map<string, Array<{ start: Date; end: Date }>>();
  private readonly storedEvents = new Map<string, FakeCalendarEvent>();
  private readonly hiddenCalendars = new Set<string>();
  private readonly issuedTokens = new Set<string>();
  private failures: FakeGoogleFailure[] = [];
  private grantError: string | undefined;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly maxFreeBusyDays: number,
  ) {}

  static async start(options: FakeGoogleOptions = {}): Promise<FakeGoogleServer> {
    let fake: FakeGoogleServer | undefined;
    const server = createServer((req, res) => void fake!.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    fake = new FakeGoogleServer(server, `http://127.0.0.1:${port}`, options.maxFreeBusyDays ?? 90);
    return fake;
  }

  /** The requests to the token endpoint. */
  get tokenRequests(): FakeGoogleRequest[] {
    return this.requests.filter((r) => r.path === '/token');
  }

  /** The Calendar API requests (everything but the token endpoint). */
  get apiRequests(): FakeGoogleRequest[] {
    return this.requests.filter((r) => r.path !== '/token');
  }

  /** Every event ever inserted, deleted ones included (status 'cancelled'). */
  get events(): FakeCalendarEvent[] {
    return [...this.storedEvents.values()].map((event) => ({ ...event }));
  }

  /** Busy intervals freeBusy reports for the calendar (besides its events); replaces earlier ones. */
  setBusy(calendarId: string, intervals: readonly FakeBusyInterval[]): void {
    this.busy.set(
      calendarId,
      intervals.map((i) => ({ start: new Date(i.start), end: new Date(i.end) })),
    );
  }

  /** From now on the calendar is not found (not shared with the service account). */
  hideCalendar(calendarId: string): void {
    this.hiddenCalendars.add(calendarId);
  }

  /** The token endpoint answers 400 invalid_grant until acceptGrants(): a revoked or deleted key. */
  rejectGrants(errorDescription = 'Invalid JWT Signature.'): void {
    this.grantError = errorDescription;
  }

  acceptGrants(): void {
    this.grantError = undefined;
  }

  /** Access tokens issued so far stop working (the API answers 401 to them). */
  revokeTokens(): void {
    this.issuedTokens.clear();
  }

  /** The next `count` requests to the API (or, with endpoint 'token', to the token endpoint) fail as described. */
  failNext(count: number, failure: FakeGoogleFailure = {}): void {
    for (let i = 0; i < count; i++) this.failures.push({ ...failure });
  }

  /** Forgets requests, busy intervals, events, tokens, failures and switches. */
  reset(): void {
    this.requests.length = 0;
    this.busy.clear();
    this.storedEvents.clear();
    this.hiddenCalendars.clear();
    this.issuedTokens.clear();
    this.failures = [];
    this.grantError = undefined;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const raw = await readBody(req);
    const isToken = url.pathname === '/token';
    const body = parseBody(raw, String(req.headers['content-type'] ?? ''));
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
    });

    const failure = this.takeFailure(isToken ? 'token' : 'api');
    if (failure?.disconnect) {
      req.socket.destroy();
      return;
    }
    if (isToken) return this.token(res, body as Record<string, string>, failure);
    if (failure) return apiError(res, failure.status ?? 500, failure.reason ?? 'backendError', failure.message ?? 'Backend Error');

    const token = /^Bearer (.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!token || !this.issuedTokens.has(token)) {
      return apiError(res, 401, 'authError', 'Invalid Credentials', 'UNAUTHENTICATED');
    }

    const events = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(url.pathname);
    if (req.method === 'POST' && url.pathname === '/calendar/v3/freeBusy') return this.freeBusy(res, body);
    if (req.method === 'POST' && events && !events[2]) return this.insertEvent(res, decodeURIComponent(events[1]), body);
    if (req.method === 'DELETE' && events?.[2]) {
      return this.deleteEvent(res, decodeURIComponent(events[1]), decodeURIComponent(events[2]));
    }
    return apiError(res, 404, 'notFound', `The fake does not serve ${req.method} ${url.pathname}`);
  }

  private takeFailure(endpoint: 'api' | 'token'): FakeGoogleFailure | undefined {
    const index = this.failures.findIndex((f) => (f.endpoint ?? 'api') === endpoint);
    return index === -1 ? undefined : this.failures.splice(index, 1)[0];
  }

  private token(res: ServerResponse, form: Record<string, string>, failure: FakeGoogleFailure | undefined): void {
    if (failure) {
      return reply(res, failure.status ?? 500, { error: failure.reason ?? 'internal_failure', error_description: failure.message ?? 'Backend Error' });
    }
    if (form?.grant_type !== JWT_BEARER || typeof form.assertion !== 'string') {
      return reply(res, 400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type: ' + (form?.grant_type ?? '') });
    }
    if (this.grantError !== undefined) {
      return reply(res, 400, { error: 'invalid_grant', error_description: this.grantError });
    }
    const claims = verifyAssertion(form.assertion);
    if (claims === 'invalid-signature') {
      return reply(res, 400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
    }
    if (!claims || typeof claims.iss !== 'string' || typeof claims.scope !== 'string') {
      return reply(res, 400, { error: 'invalid_grant', error_description: 'Invalid JWT: malformed assertion.' });
    }
    const accessToken = `ya29.fake-${randomUUID()}`;
    this.issuedTokens.add(accessToken);
    return reply(res, 200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
  }

  private freeBusy(res: ServerResponse, body: unknown): void {
    const request = body as { timeMin?: string; timeMax?: string; items?: Array<{ id?: string }> } | undefined;
    const timeMin = new Date(request?.timeMin ?? '');
    const timeMax = new Date(request?.timeMax ?? '');
    if (Number.isNaN(timeMin.getTime()) || Number.isNaN(timeMax.getTime())) {
      return apiError(res, 400, 'badRequest', 'Bad Request');
    }
    if (timeMax <= timeMin) return apiError(res, 400, 'timeRangeEmpty', 'The specified time range is empty.');
    if (timeMax.getTime() - timeMin.getTime() > this.maxFreeBusyDays * DAY_MS) {
      return apiError(res, 400, 'badRequest', 'The requested time range is too long.');
    }
    const calendars: Record<string, unknown> = {};
    for (const { id } of request?.items ?? []) {
      if (!id) continue;
      if (this.hiddenCalendars.has(id)) {
        calendars[id] = { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] };
        continue;
      }
      const intervals = [...(this.busy.get(id) ?? []), ...this.eventIntervals(id)]
        .map(({ start, end }) => ({ start: start < timeMin ? timeMin : start, end: end > timeMax ? timeMax : end }))
        .filter(({ start, end }) => start < end);
      calendars[id] = { busy: merge(intervals).map((i) => ({ start: rfc3339(i.start), end: rfc3339(i.end) })) };
    }
    return reply(res, 200, { kind: 'calendar#freeBusy', timeMin: rfc3339(timeMin), timeMax: rfc3339(timeMax), calendars });
  }

  private eventIntervals(calendarId: string): Array<{ start: Date; end: Date }> {
    return [...this.storedEvents.values()]
      .filter((e) => e.calendarId === calendarId && e.status === 'confirmed' && e.transparency !== 'transparent')
      .map((e) => ({
        start: new Date(e.start.dateTime ?? `${e.start.date}T00:00:00Z`),
        end: new Date(e.end.dateTime ?? `${e.end.date}T00:00:00Z`),
      }))
      .filter((i) => !Number.isNaN(i.start.getTime()) && !Number.isNaN(i.end.getTime()));
  }

  private insertEvent(res: ServerResponse, calendarId: string, body: unknown): void {
    if (this.hiddenCalendars.has(calendarId)) return apiError(res, 404, 'notFound', 'Not Found');
    const event = (body ?? {}) as Partial<FakeCalendarEvent>;
    const id = event.id ?? randomBytes(13).toString('hex');
    if (!EVENT_ID.test(id)) return apiError(res, 400, 'invalid', 'Invalid resource id value.');
    if (!event.start || !event.end || !(event.start.date || event.start.dateTime)) {
      return apiError(res, 400, 'required', 'Missing end time.');
    }
    const key = `${calendarId}\u0000${id}`;
    if (this.storedEvents.has(key)) return apiError(res, 409, 'duplicate', 'The requested identifier already exists.');
    const stored: FakeCalendarEvent = {
      calendarId,
      id,
      status: 'confirmed',
      summary: event.summary,
      description: event.description,
      start: event.start,
      end: event.end,
      transparency: event.transparency,
    };
    this.storedEvents.set(key, stored);
    return reply(res, 200, {
      kind: 'calendar#event',
      etag: `"${Date.now()}"`,
      id,
      status: 'confirmed',
      htmlLink: `https://www.google.com/calendar/event?eid=${id}`,
      summary: stored.summary,
      description: stored.description,
      start: stored.start,
      end: stored.end,
    });
  }

  private deleteEvent(res: ServerResponse, calendarId: string, eventId: string): void {
    if (this.hiddenCalendars.has(calendarId)) return apiError(res, 404, 'notFound', 'Not Found');
    const event = this.storedEvents.get(`${calendarId}\u0000${eventId}`);
    if (!event) return apiError(res, 404, 'notFound', 'Not Found');
    if (event.status === 'cancelled') return apiError(res, 410, 'deleted', 'Resource has been deleted');
    event.status = 'cancelled';
    res.writeHead(204);
    res.end();
  }
}

type Claims = { iss?: unknown; scope?: unknown; aud?: unknown; exp?: unknown };

/** Decodes a JWT assertion; checks its RS256 signature when the account's key is known. */
function verifyAssertion(assertion: string): Claims | 'invalid-signature' | undefined {
  const parts = assertion.split('.');
  if (parts.length !== 3) return undefined;
  let claims: Claims;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Claims;
  } catch {
    return undefined;
  }
  const key = typeof claims.iss === 'string' ? knownServiceAccounts.get(claims.iss) : undefined;
  if (key) {
    const ok = verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2], 'base64url'));
    if (!ok) return 'invalid-signature';
  }
  return claims;
}

function merge(intervals: Array<{ start: Date; end: Date }>): Array<{ start: Date; end: Date }> {
  const sorted = [...intervals].sort((a, b) => a.start.getTime() - b.start.getTime());
  const merged: Array<{ start: Date; end: Date }> = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) {
      if (interval.end > last.end) last.end = interval.end;
    } else {
      merged.push({ ...interval });
    }
  }
  return merged;
}

function rfc3339(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

function parseBody(raw: string, contentType: string): unknown {
  if (!raw) return undefined;
  if (contentType.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  410: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** Google's JSON error envelope. */
function apiError(res: ServerResponse, status: number, reason: string, message: string, statusName?: string): void {
  reply(res, status, {
    error: {
      code: status,
      message,
      errors: [{ message, domain: reason.endsWith('RateLimitExceeded') || reason === 'rateLimitExceeded' ? 'usageLimits' : 'global', reason }],
      status: statusName ?? STATUS_NAMES[status] ?? 'UNKNOWN',
    },
  });
}
