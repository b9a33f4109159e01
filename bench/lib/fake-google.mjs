// A local Google for the benches (the real client library, pointed here with GOOGLE_API_URL): the JWT-bearer token
// endpoint, freeBusy (no busy time) and events insert (409 for an event id it has, as Google answers a re-run).
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `events`: event id → { calendarId, date, accepted }; an insert is recorded at once and answered after `latencyMs`. */
export function fakeGoogle({ latencyMs = 0 } = {}) {
  const events = new Map();
  let inserts = 0;
  let conflicts = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      const path = new URL(req.url, 'http://x').pathname;
      if (path === '/token') return reply(res, 200, { access_token: `ya29.bench-${randomUUID()}`, expires_in: 3599, token_type: 'Bearer' });
      if (path === '/calendar/v3/freeBusy') {
        const { items = [] } = JSON.parse(body || '{}');
        return reply(res, 200, { kind: 'calendar#freeBusy', calendars: Object.fromEntries(items.map(({ id }) => [id, { busy: [] }])) });
      }
      const match = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(path);
      if (req.method === 'POST' && match && !match[2]) {
        const event = JSON.parse(body);
        inserts++;
        // Recorded at once, answered later: a worker killed while waiting has still created the event.
        const known = events.has(event.id);
        if (!known) events.set(event.id, { calendarId: decodeURIComponent(match[1]), date: event.start?.date, accepted: 1 });
        if (latencyMs) await sleep(latencyMs);
        if (known) {
          conflicts++;
          return reply(res, 409, { error: { code: 409, message: 'The requested identifier already exists.', errors: [{ reason: 'duplicate' }] } });
        }
        return reply(res, 200, { id: event.id, status: 'confirmed' });
      }
      reply(res, 404, { error: { code: 404, message: 'Not Found', errors: [{ reason: 'notFound' }] } });
    });
  });
  return { server, events, inserts: () => inserts, conflicts: () => conflicts };
}

export function reply(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Listens on a free local port; resolves with the server's base URL. */
export const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));

/** A service account's JSON with a fresh RSA key, as a tenant pastes it when connecting a calendar. */
export function serviceAccountJson() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return JSON.stringify({
    type: 'service_account',
    client_email: `bench-${randomBytes(3).toString('hex')}@mais-bench.iam.gserviceaccount.com`,
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  });
}
