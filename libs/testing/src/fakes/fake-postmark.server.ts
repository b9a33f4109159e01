import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { readBody, replyJson as reply } from './http';

/** One accepted `POST /email`, as Postmark received it. */
export interface FakePostmarkMessage {
  From: string;
  To: string;
  Subject: string;
  TextBody?: string;
  HtmlBody?: string;
  Tag?: string;
  MessageStream?: string;
  MessageID: string;
  SubmittedAt: string;
  /** The X-Postmark-Server-Token the request carried. */
  serverToken: string;
}

/** Every request the fake saw, accepted or not. */
export interface FakePostmarkRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface FakePostmarkFailure {
  /** HTTP status; default 500. */
  status?: number;
  /** Postmark's ErrorCode in the body, e.g. 406 (inactive recipient) or 300 (invalid address) with status 422. */
  errorCode?: number;
  message?: string;
  /** Drop the connection without answering, like a network failure. */
  disconnect?: boolean;
}

export interface FakePostmarkOptions {
  /** The token requests must carry in X-Postmark-Server-Token; default 'fake-postmark-server-token'. */
  serverToken?: string;
}

const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;

/**
 * A local stand-in for Postmark's email API that the real `postmark` client can talk to:
 * `new ServerClient(fake.serverToken, { useHttps: false, requestHost: new URL(fake.url).host })`.
 */
export class FakePostmarkServer {
  readonly messages: FakePostmarkMessage[] = [];
  readonly requests: FakePostmarkRequest[] = [];
  private failures: Array<Required<Pick<FakePostmarkFailure, 'status'>> & FakePostmarkFailure> = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly serverToken: string,
  ) {}

  static async start(options: FakePostmarkOptions = {}): Promise<FakePostmarkServer> {
    let fake: FakePostmarkServer | undefined;
    const server = createServer((req, res) => void fake!.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    fake = new FakePostmarkServer(server, `http://127.0.0.1:${port}`, options.serverToken ?? 'fake-postmark-server-token');
    return fake;
  }

  /** The next `count` sends fail as described (a 500 by default). */
  failNext(count: number, failure: FakePostmarkFailure = {}): void {
    for (let i = 0; i < count; i++) this.failures.push({ ...failure, status: failure.status ?? 500 });
  }

  /** Forgets messages, requests and pending failures. */
  reset(): void {
    this.messages.length = 0;
    this.requests.length = 0;
    this.failures = [];
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // Kept as text; answered below.
    }
    const path = new URL(req.url ?? '/', this.url).pathname;
    this.requests.push({ method: req.method ?? '', path, headers: req.headers, body });

    if (req.method !== 'POST' || path !== '/email') {
      return reply(res, 404, { ErrorCode: 0, Message: `The fake serves only POST /email, not ${req.method} ${path}` });
    }
    const token = header(req, 'x-postmark-server-token');
    if (token !== this.serverToken) {
      return reply(res, 401, { ErrorCode: 10, Message: 'Request does not contain a valid Server token.' });
    }
    const failure = this.failures.shift();
    if (failure?.disconnect) {
      req.socket.destroy();
      return;
    }
    if (failure) {
      return reply(res, failure.status, {
        ErrorCode: failure.errorCode ?? 0,
        Message: failure.message ?? defaultFailureMessage(failure.errorCode),
      });
    }
    if (typeof body !== 'object' || body === null) {
      return reply(res, 422, { ErrorCode: 402, Message: 'Received invalid JSON input.' });
    }
    const email = body as Partial<FakePostmarkMessage>;
    if (!email.From) return reply(res, 422, { ErrorCode: 300, Message: "Invalid 'From' address: ''." });
    if (!email.To || !EMAIL.test(email.To)) {
      return reply(res, 422, { ErrorCode: 300, Message: `Invalid 'To' address: '${email.To ?? ''}'.` });
    }
    const message: FakePostmarkMessage = {
      From: email.From,
      To: email.To,
      Subject: email.Subject ?? '',
      TextBody: email.TextBody,
      HtmlBody: email.HtmlBody,
      Tag: email.Tag,
      MessageStream: email.MessageStream,
      MessageID: randomUUID(),
      SubmittedAt: new Date().toISOString(),
      serverToken: token,
    };
    this.messages.push(message);
    return reply(res, 200, {
      To: message.To,
      SubmittedAt: message.SubmittedAt,
      MessageID: message.MessageID,
      ErrorCode: 0,
      Message: 'OK',
    });
  }
}

function defaultFailureMessage(errorCode: number | undefined): string {
  if (errorCode === 406) {
    return 'You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: customer@example.com. Inactive recipients are ones that have generated a hard bounce, a spam complaint, or a manual suppression.';
  }
  if (errorCode === 300) return "Invalid 'To' address.";
  return 'Internal Server Error';
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : (value ?? '');
}
