import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** What the receiver does with the next request: answer with a status (and body, headers) after a delay. */
export interface ReceiverAnswer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

/**
 * A tenant's webhook receiver on 127.0.0.1, for tests: records every request, and answers 200 unless told
 * otherwise (`answerNext` queues answers: failures, slow answers, redirects, then back to 200).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly answers: ReceiverAnswer[] = [];
  private fallback: ReceiverAnswer = { status: 200, body: '{"ok":true}' };

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => receiver!.handle(req.url ?? '/', req.headers, Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver = new WebhookReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return receiver;
  }

  /** The next requests get these answers, in order; then the usual one. */
  answerNext(...answers: ReceiverAnswer[]): void {
    this.answers.push(...answers);
  }

  /** Every request from now on gets this answer (until changed). */
  answerAlways(answer: ReceiverAnswer): void {
    this.answers.length = 0;
    this.fallback = answer;
  }

  reset(): void {
    this.received.length = 0;
    this.answerAlways({ status: 200, body: '{"ok":true}' });
  }

  async waitFor(count: number, timeoutMs = 15_000): Promise<ReceivedWebhook[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`The receiver got ${this.received.length} requests, not ${count}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.received;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(path: string, headers: IncomingHttpHeaders, body: string, res: import('node:http').ServerResponse): void {
    this.received.push({ path, headers, body, at: Date.now() });
    const answer = this.answers.shift() ?? this.fallback;
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body ?? '');
    };
    if (answer.delayMs) setTimeout(send, answer.delayMs);
    else send();
  }
}
