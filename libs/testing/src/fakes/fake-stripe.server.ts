import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './http';
import Stripe from 'stripe';

/**
 * A local stand-in for the slice of Stripe's API that MAIS calls, spoken over HTTP so the real
 * `stripe` client runs against it: `new Stripe(key, { host: '127.0.0.1', port, protocol: 'http' })`,
 * or STRIPE_API_URL = `fake.url`.
 */

/** A form body rebuilt into objects and arrays (`line_items[0][price_data][unit_amount]`); leaves stay strings. */
export type StripeFormValue = string | StripeFormValue[] | { [key: string]: StripeFormValue };
export type StripeFormBody = { [key: string]: StripeFormValue };

export interface RecordedStripeRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/checkout/sessions`. */
  path: string;
  query: StripeFormBody;
  body: StripeFormBody;
  rawBody: string;
  /** Lower-cased header names. */
  headers: IncomingHttpHeaders;
  /** The `Stripe-Account` header: the connected account the call acts on. */
  stripeAccount: string | undefined;
  idempotencyKey: string | undefined;
  /** The status the fake answered with. */
  status: number;
  /** Whether the answer was replayed from an earlier request with the same idempotency key. */
  idempotentReplay: boolean;
}

export type FakeStripeObject = Record<string, unknown> & { id: string; object: string };

interface StoredResponse {
  status: number;
  body: unknown;
  fingerprint: string;
}

interface InjectedFailure {
  status: number;
  body: unknown;
  /** Drop the connection without answering instead. */
  drop: boolean;
}

class FakeStripeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`fake stripe ${status}`);
  }
}

export class FakeStripeServer {
  /** Every request received, oldest first, including failed and replayed ones. */
  readonly requests: RecordedStripeRequest[] = [];
  readonly sessions = new Map<string, FakeStripeObject>();
  readonly refunds = new Map<string, FakeStripeObject>();
  /** Connected accounts created through `POST /v1/accounts` (Connect onboarding). */
  readonly accounts = new Map<string, FakeStripeObject>();
  private readonly failures: InjectedFailure[] = [];
  private readonly idempotency = new Map<string, StoredResponse>();
  /** The connected account (Stripe-Account) each session was created on; null for the platform. */
  private readonly sessionAccounts = new Map<string, string | null>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly port: number,
  ) {}

  static async start(options: { host?: string; port?: number } = {}): Promise<FakeStripeServer> {
    const host = options.host ?? '127.0.0.1';
    let fake: FakeStripeServer | undefined;
    const server = createServer((req, res) => {
      fake!.handle(req, res).catch((error: unknown) => {
        // A bug in the fake itself: answer like a Stripe outage rather than hang the client.
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { type: 'api_error', message: `FakeStripeServer crashed: ${String(error)}` } }));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    fake = new FakeStripeServer(server, `http://${host}:${port}`, port);
    return fake;
  }

  /** Settings for `new Stripe(key, fake.clientConfig)`. */
  get clientConfig(): { host: string; port: number; protocol: 'http'; maxNetworkRetries: number } {
    return { host: new URL(this.url).hostname, port: this.port, protocol: 'http', maxNetworkRetries: 0 };
  }

  /**
   * The next `count` requests answer `status` with `body` (default: a Stripe error object fitting the
   * status: 402 a declined card, 429 a rate limit, 5xx an api_error). Failed requests are recorded but,
   * like requests Stripe never started executing, not stored under their idempotency key, so a retry
   * with the same key runs normally.
   */
  failNext(count: number, status = 500, body?: unknown): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, body: body ?? defaultErrorBody(status), drop: false });
  }

  /** The next `count` requests get their connection closed without an answer (a network failure). */
  dropNext(count: number): void {
    for (let i = 0; i < count; i++) this.failures.push({ status: 0, body: undefined, drop: true });
  }

  /** Requests to one endpoint, e.g. `requestsTo('POST', '/v1/refunds')`. */
  requestsTo(method: string, path: string): RecordedStripeRequest[] {
    return this.requests.filter((r) => r.method === method.toUpperCase() && r.path === path);
  }

  lastRequest(): RecordedStripeRequest | undefined {
    return this.requests[this.requests.length - 1];
  }

  /**
   * Marks a session paid, as if the customer had paid on Stripe; returns it with its payment intent id.
   * `charged` makes the charge differ from the session's line items, as a promotion code entered on
   * Stripe's page, or a session made outside MAIS with its metadata, would (refunds then refund that).
   */
  completeSession(sessionId: string, charged: { amountTotal?: number; currency?: string } = {}): FakeStripeObject {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`FakeStripeServer: no session ${sessionId}`);
    Object.assign(session, {
      status: 'complete',
      payment_status: 'paid',
      payment_intent: session.payment_intent ?? fakeId('pi_test'),
      ...(charged.amountTotal !== undefined ? { amount_total: charged.amountTotal, amount_subtotal: charged.amountTotal } : {}),
      ...(charged.currency !== undefined ? { currency: charged.currency } : {}),
    });
    return session;
  }

  /** Forgets requests, sessions, refunds, idempotency keys and pending failures. */
  reset(): void {
    this.requests.length = 0;
    this.failures.length = 0;
    this.sessions.clear();
    this.sessionAccounts.clear();
    this.refunds.clear();
    this.idempotency.clear();
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const target = new URL(req.url ?? '/', this.url);
    const method = (req.method ?? 'GET').toUpperCase();
    const stripeAccount = header(req.headers, 'stripe-account');
    const idempotencyKey = header(req.headers, 'idempotency-key');
    const record: RecordedStripeRequest = {
      method,
      path: target.pathname,
      query: parseStripeForm(target.searchParams),
      body: parseStripeForm(new URLSearchParams(rawBody)),
      rawBody,
      headers: req.headers,
      stripeAccount,
      idempotencyKey,
      status: 0,
      idempotentReplay: false,
    };
    this.requests.push(record);

    const failure = this.failures.shift();
    if (failure?.drop) {
      req.socket.destroy();
      return;
    }
    if (failure) return this.send(res, record, failure.status, failure.body);

    // Stripe scopes idempotency keys to the account the request acts on.
    const storeKey = idempotencyKey && method === 'POST' ? `${stripeAccount ?? ''} ${idempotencyKey}` : undefined;
    const fingerprint = `${method} ${target.pathname} ${rawBody}`;
    const stored = storeKey ? this.idempotency.get(storeKey) : undefined;
    if (stored) {
      if (stored.fingerprint !== fingerprint) {
        return this.send(res, record, 400, {
          error: {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          },
        });
      }
      record.idempotentReplay = true;
      return this.send(res, record, stored.status, stored.body, { 'idempotent-replayed': 'true' });
    }

    let status: number;
    let body: unknown;
    try {
      if (!isAuthorised(req.headers)) {
        throw new FakeStripeHttpError(401, {
          error: { type: 'invalid_request_error', message: 'You did not provide an API key.' },
        });
      }
      body = this.route(method, target.pathname, record);
      status = 200;
    } catch (error) {
      if (!(error instanceof FakeStripeHttpError)) throw error;
      status = error.status;
      body = error.body;
    }
    if (storeKey && status !== 401) this.idempotency.set(storeKey, { status, body, fingerprint });
    this.send(res, record, status, body);
  }

  private route(method: string, path: string, request: RecordedStripeRequest): unknown {
    if (method === 'POST' && path === '/v1/checkout/sessions') return this.createSession(request);
    const sessionMatch = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(path);
    if (sessionMatch) {
      const session = this.sessions.get(decodeURIComponent(sessionMatch[1]));
      // Like Stripe, a session on a connected account is invisible without that Stripe-Account header.
      if (!session || this.sessionAccounts.get(session.id) !== (request.stripeAccount ?? null)) {
        throw invalidRequest(404, `No such checkout.session: '${sessionMatch[1]}'`, 'id', 'resource_missing');
      }
      if (method === 'GET' && !sessionMatch[2]) return session;
      if (method === 'POST' && sessionMatch[2]) {
        if (session.status !== 'open') throw invalidRequest(400, 'Only Checkout Sessions with a status of `open` can be expired.');
        return Object.assign(session, { status: 'expired' });
      }
    }
    if (method === 'POST' && path === '/v1/refunds') return this.createRefund(request);
    if (method === 'POST' && path === '/v1/accounts') return this.createAccount(request);
    if (method === 'POST' && path === '/v1/account_links') return this.createAccountLink(request);
    throw invalidRequest(404, `Unrecognized request URL (${method}: ${path}).`);
  }

  /** A new connected account, as Stripe creates it: nothing submitted, charges not enabled, requirements due. */
  private createAccount({ body, stripeAccount }: RecordedStripeRequest): FakeStripeObject {
    if (stripeAccount) throw invalidRequest(400, 'Connected accounts cannot create accounts.');
    const type = str(body.type);
    if (type !== 'express' && type !== 'standard' && type !== 'custom') {
      throw invalidRequest(400, 'Invalid type: must be one of custom, express, or standard', 'type');
    }
    const id = fakeId('acct');
    const account: FakeStripeObject = {
      id,
      object: 'account',
      type,
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      metadata: obj(body.metadata),
      capabilities: Object.fromEntries(Object.keys(obj(body.capabilities)).map((name) => [name, 'inactive'])),
      requirements: {
        currently_due: ['business_type', 'external_account', 'tos_acceptance.date'],
        past_due: [],
        eventually_due: [],
        disabled_reason: 'requirements.past_due',
      },
      created: Math.floor(Date.now() / 1000),
    };
    this.accounts.set(id, account);
    return account;
  }

  private createAccountLink({ body }: RecordedStripeRequest): Record<string, unknown> {
    const account = str(body.account);
    if (!account || !this.accounts.has(account)) throw invalidRequest(400, `No such account: '${account ?? ''}'`, 'account', 'resource_missing');
    for (const param of ['refresh_url', 'return_url', 'type']) {
      if (!str(body[param])) throw invalidRequest(400, `Missing required param: ${param}.`, param, 'parameter_missing');
    }
    const created = Math.floor(Date.now() / 1000);
    return { object: 'account_link', created, expires_at: created + 300, url: `${this.url}/setup/e/${account}/${fakeId('link')}` };
  }

  private createSession({ body, stripeAccount }: RecordedStripeRequest): FakeStripeObject {
    const mode = str(body.mode);
    if (!mode) throw invalidRequest(400, 'Missing required param: mode.', 'mode', 'parameter_missing');
    if (!str(body.success_url) && str(body.ui_mode) !== 'embedded') {
      throw invalidRequest(400, 'Missing required param: success_url.', 'success_url', 'parameter_missing');
    }
    const lineItems = Array.isArray(body.line_items) ? body.line_items : [];
    if (mode === 'payment' && lineItems.length === 0) {
      throw invalidRequest(400, 'You must provide at least one line item.', 'line_items', 'parameter_missing');
    }
    const now = Math.floor(Date.now() / 1000);
    const expiresAt = str(body.expires_at) ? Number(str(body.expires_at)) : now + 24 * 3600;
    if (!Number.isInteger(expiresAt) || expiresAt < now + 30 * 60 || expiresAt > now + 24 * 3600) {
      throw invalidRequest(400, 'The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.', 'expires_at');
    }
    let currency: string | undefined;
    let amountTotal = 0;
    lineItems.forEach((line, index) => {
      const item = obj(line);
      const priceData = obj(item.price_data);
      const unitAmount = Number(str(priceData.unit_amount));
      const quantity = str(item.quantity) ? Number(str(item.quantity)) : 1;
      if (!str(priceData.currency) || !Number.isInteger(unitAmount) || unitAmount < 0) {
        throw invalidRequest(400, 'Each line item needs price_data with a currency and an integer unit_amount.', `line_items[${index}][price_data]`);
      }
      if (!str(obj(priceData.product_data).name)) {
        throw invalidRequest(
          400,
          'Missing required param: line_items[0][price_data][product_data][name].',
          `line_items[${index}][price_data][product_data][name]`,
          'parameter_missing',
        );
      }
      currency ??= str(priceData.currency);
      amountTotal += unitAmount * quantity;
    });
    const paymentIntentData = obj(body.payment_intent_data);
    const fee = str(paymentIntentData.application_fee_amount);
    if (fee !== undefined) {
      if (!stripeAccount && !str(obj(paymentIntentData.transfer_data).destination)) {
        throw invalidRequest(
          400,
          'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).',
          'payment_intent_data[application_fee_amount]',
        );
      }
      if (Number(fee) > amountTotal) {
        throw invalidRequest(400, 'The application fee cannot exceed the amount of the payment.', 'payment_intent_data[application_fee_amount]');
      }
    }
    const id = fakeId('cs_test');
    const session: FakeStripeObject = {
      id,
      object: 'checkout.session',
      amount_subtotal: amountTotal,
      amount_total: amountTotal,
      cancel_url: str(body.cancel_url) ?? null,
      client_reference_id: str(body.client_reference_id) ?? null,
      created: now,
      currency: currency ?? null,
      customer_email: str(body.customer_email) ?? null,
      expires_at: expiresAt,
      livemode: false,
      metadata: obj(body.metadata),
      mode,
      payment_intent: null,
      payment_status: 'unpaid',
      status: 'open',
      success_url: str(body.success_url) ?? null,
      url: `${this.url}/c/pay/${id}`,
    };
    this.sessions.set(id, session);
    this.sessionAccounts.set(id, stripeAccount ?? null);
    return session;
  }

  private createRefund({ body }: RecordedStripeRequest): FakeStripeObject {
    const paymentIntent = str(body.payment_intent);
    if (!paymentIntent && !str(body.charge)) {
      throw invalidRequest(400, 'One of the following params should be provided for this request: payment_intent or charge.');
    }
    const paid = [...this.sessions.values()].find((s) => s.payment_intent === paymentIntent);
    const amount = str(body.amount) ? Number(str(body.amount)) : ((paid?.amount_total as number | undefined) ?? 0);
    const refund: FakeStripeObject = {
      id: fakeId('re_test'),
      object: 'refund',
      amount,
      charge: null,
      created: Math.floor(Date.now() / 1000),
      currency: (paid?.currency as string | undefined) ?? 'usd',
      metadata: obj(body.metadata),
      payment_intent: paymentIntent ?? null,
      reason: str(body.reason) ?? null,
      status: 'succeeded',
    };
    this.refunds.set(refund.id, refund);
    return refund;
  }

  private send(res: ServerResponse, record: RecordedStripeRequest, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
    record.status = status;
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'request-id': fakeId('req'),
      ...(record.idempotencyKey ? { 'idempotency-key': record.idempotencyKey } : {}),
      ...(record.stripeAccount ? { 'stripe-account': record.stripeAccount } : {}),
      ...extraHeaders,
    });
    res.end(text);
  }
}

/** A `Stripe-Signature` header for `payload`, as Stripe would send it; `timestamp` in unix seconds, default now. */
export function signStripePayload(payload: string, secret: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

/** Rebuilds Stripe's bracketed form keys into nested objects; numeric segments make arrays. */
export function parseStripeForm(params: URLSearchParams): StripeFormBody {
  const root: StripeFormBody = {};
  for (const [key, value] of params) {
    const segments = key.split(/\[|\]\[|\]$/).filter((segment, index) => index === 0 || segment !== '');
    let node: StripeFormBody | StripeFormValue[] = root;
    segments.forEach((segment, index) => {
      const last = index === segments.length - 1;
      const slot = Array.isArray(node) ? Number(segment) : segment;
      const container = node as Record<string | number, StripeFormValue>;
      if (last) {
        container[slot] = value;
        return;
      }
      if (typeof container[slot] !== 'object') container[slot] = /^\d+$/.test(segments[index + 1]) ? [] : {};
      node = container[slot] as StripeFormBody | StripeFormValue[];
    });
  }
  return root;
}

function defaultErrorBody(status: number): unknown {
  if (status === 402) {
    return { error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' } };
  }
  if (status === 429) {
    return { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests hit the API too quickly.' } };
  }
  if (status >= 500) return { error: { type: 'api_error', message: 'Something went wrong on Stripe’s end (injected by FakeStripeServer).' } };
  return { error: { type: 'invalid_request_error', message: `Injected failure with status ${status}.` } };
}

function invalidRequest(status: number, message: string, param?: string, code?: string): FakeStripeHttpError {
  return new FakeStripeHttpError(status, { error: { type: 'invalid_request_error', message, ...(param ? { param } : {}), ...(code ? { code } : {}) } });
}

function isAuthorised(headers: IncomingHttpHeaders): boolean {
  return /^Bearer (sk|rk)_(test|live)_\S+$/.test(headers.authorization ?? '');
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function str(value: StripeFormValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function obj(value: StripeFormValue | undefined): StripeFormBody {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

function fakeId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}
