import { WebhookReceiver } from '@mais/testing';
import { postDelivery, type OutgoingDelivery } from './http-delivery';
import { signatureHeader, verifySignature } from './signature';

describe('postDelivery', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterAll(() => receiver.stop());
  beforeEach(() => receiver.reset());

  const send = (overrides: Partial<OutgoingDelivery> = {}) =>
    postDelivery({
      url: `${receiver.url}/hook`,
      body: '{"id":"evt"}',
      headers: { 'content-type': 'application/json' },
      policy: 'local',
      timeoutMs: 2_000,
      ...overrides,
    });

  it('POSTs the body with its headers and reports a 2xx with its latency and the start of the answer', async () => {
    const result = await send({ headers: { 'content-type': 'application/json', 'MAIS-Event-Id': 'evt' } });
    expect(result).toEqual({ ok: true, statusCode: 200, latencyMs: expect.any(Number), responseSnippet: '{"ok":true}', error: null });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({ path: '/hook', body: '{"id":"evt"}' });
    expect(receiver.received[0].headers).toMatchObject({ 'mais-event-id': 'evt', 'content-length': '12' });
  });

  it('reports a non-2xx answer as a failure with its status and body', async () => {
    receiver.answerNext({ status: 503, body: 'maintenance' });
    expect(await send()).toMatchObject({ ok: false, statusCode: 503, responseSnippet: 'maintenance', error: 'HTTP 503' });
  });

  it('does not follow a redirect, even to a private address', async () => {
    receiver.answerNext({ status: 302, headers: { location: 'http://10.0.0.1/internal' } });
    const result = await send();
    expect(result).toMatchObject({ ok: false, statusCode: 302, error: 'redirect not followed (HTTP 302 to http://10.0.0.1/internal)' });
    expect(receiver.received).toHaveLength(1);
  });

  it('gives up on a receiver slower than the timeout', async () => {
    receiver.answerNext({ status: 200, delayMs: 1_000 });
    const result = await send({ timeoutMs: 150 });
    expect(result).toMatchObject({ ok: false, statusCode: null, error: 'timed out after 150 ms' });
    expect(result.latencyMs).toBeLessThan(900);
  });

  it('reads at most 4 KB of an answer and keeps 1 KB of it', async () => {
    receiver.answerNext({ status: 200, body: 'x'.repeat(2_000_000) });
    const result = await send();
    expect(result.ok).toBe(true);
    expect(result.responseSnippet).toBe('x'.repeat(1024));
  });

  it('in production (strict) refuses loopback before connecting: by address, and by a name resolving to it', async () => {
    for (const url of [`${receiver.url.replace('http:', 'https:')}/hook`, `https://localhost:${new URL(receiver.url).port}/hook`]) {
      const result = await send({ url, policy: 'strict' });
      expect(result).toMatchObject({ ok: false, statusCode: null, error: expect.stringMatching(/^refused: .*loopback address/) });
    }
    expect(await send({ policy: 'strict' })).toMatchObject({ ok: false, error: 'refused: the URL must be an https URL' });
    // Checked at delivery too: a name that now resolves to a private address is refused at connect time.
    const rebound = await send({ url: 'http://rebind.test/hook', resolve: async () => [{ address: '10.0.0.7', family: 4 }] });
    expect(rebound).toMatchObject({ ok: false, error: 'refused: host rebind.test resolves to a refused address: 10.0.0.7 is a private or reserved address' });
    expect(receiver.received).toHaveLength(0);
  });

  it('reports a connection refused as a failure, never throws', async () => {
    const result = await send({ url: 'http://127.0.0.1:9/hook' });
    expect(result).toMatchObject({ ok: false, statusCode: null, error: expect.stringMatching(/^ECONNREFUSED/) });
  });
});

describe('delivery signatures', () => {
  const body = '{"id":"3f1c","type":"booking.created"}';
  const now = 1_796_000_000;

  it('signs "<timestamp>.<body>" with HMAC-SHA256, one v1 per secret, and verifies with either', () => {
    const header = signatureHeader(['whsec_new', 'whsec_old'], now, body);
    expect(header).toMatch(/^t=1796000000,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(verifySignature(body, header, 'whsec_new', { now })).toBe(true);
    expect(verifySignature(body, header, 'whsec_old', { now })).toBe(true);
    expect(verifySignature(body, header, 'whsec_other', { now })).toBe(false);
  });

  it('refuses a changed body, an old timestamp, a missing or malformed header', () => {
    const header = signatureHeader(['whsec_a'], now, body);
    expect(verifySignature(`${body} `, header, 'whsec_a', { now })).toBe(false);
    expect(verifySignature(body, header, 'whsec_a', { now: now + 301 })).toBe(false);
    expect(verifySignature(body, header, 'whsec_a', { now: now + 300 })).toBe(true);
    expect(verifySignature(body, undefined, 'whsec_a', { now })).toBe(false);
    expect(verifySignature(body, 'v1=abc', 'whsec_a', { now })).toBe(false);
    expect(verifySignature(body, header.replace(/t=\d+/, `t=${now + 1}`), 'whsec_a', { now })).toBe(false);
  });
});

describe("the README's verification snippet for receivers", () => {
  /** The snippet as printed in the README, run as it is (ESM import and export turned into CommonJS). */
  function readmeVerifier(): (rawBody: string, header: string | undefined, secret: string) => boolean {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const readme: string = require('node:fs').readFileSync(require('node:path').join(__dirname, '../../../README.md'), 'utf8');
    const block = /```js\n(import \{ createHmac[\s\S]*?)```/.exec(readme)?.[1];
    if (!block) throw new Error('The README has no verification snippet');
    const code = block
      .replace("import { createHmac, timingSafeEqual } from 'node:crypto';", "const { createHmac, timingSafeEqual } = require('node:crypto');")
      .replace('export function', 'function');
    return new Function('require', `${code}\nreturn verifyMaisSignature;`)(require) as never;
  }

  it('accepts what MAIS signs (either secret during a rotation) and refuses the rest', () => {
    const verify = readmeVerifier();
    const body = '{"id":"e1","type":"booking.created"}';
    const now = Math.floor(Date.now() / 1000);
    const header = signatureHeader(['whsec_new', 'whsec_old'], now, body);
    expect(verify(body, header, 'whsec_new')).toBe(true);
    expect(verify(body, header, 'whsec_old')).toBe(true);
    expect(verify(body, header, 'whsec_x')).toBe(false);
    expect(verify(`${body}\n`, header, 'whsec_new')).toBe(false);
    expect(verify(body, signatureHeader(['whsec_new'], now - 301, body), 'whsec_new')).toBe(false);
    expect(verify(body, undefined, 'whsec_new')).toBe(false);
  });
});
