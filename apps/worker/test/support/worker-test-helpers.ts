import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { EntityManager } from '@mikro-orm/postgresql';
import { Booking, BookingStatus, Customer, JobQueue, QueueName } from '@mais/domain';
import { BullMqJobQueue } from '@mais/jobs';
import { TenantScope } from '@mais/tenancy';
import type { TestApp } from '../../../api/test/support/harness';
import { sql } from '../../../api/test/support/booking-fixtures';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `condition` holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(20);
  }
}

export function bullQueue(t: TestApp, name: QueueName) {
  const queue = t.app.get(JobQueue);
  if (!(queue instanceof BullMqJobQueue)) throw new Error('These tests run the queues on BullMQ (createTestApp({ redis: true }))');
  return queue.bullQueue(name);
}

/** Resolves once the queue has no waiting, delayed or active job (scheduler-delayed runs aside). */
export async function waitForQueueIdle(t: TestApp, name: QueueName, timeoutMs = 15_000): Promise<void> {
  const queue = bullQueue(t, name);
  await waitFor(
    `queue ${name} idle`,
    async () => {
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized');
      const delayed = (await queue.getJobs(['delayed'])).filter((job) => !job.repeatJobKey);
      return counts.waiting + counts.active + counts.prioritized === 0 && delayed.length === 0;
    },
    timeoutMs,
  );
}

export async function jobState(t: TestApp, name: QueueName, jobId: string): Promise<string> {
  return bullQueue(t, name).getJobState(jobId);
}

export interface SeedBookingInput {
  eventDate: string;
  email?: string;
  name?: string;
  status?: BookingStatus;
  totalCents?: number;
}

/** A paid booking written straight through the ORM, in the tenant's scope (as the booking pipeline would). */
export async function seedBooking(t: TestApp, tenantId: string, input: SeedBookingInput): Promise<string> {
  return t.app.get(TenantScope).run(tenantId, async () => {
    const em = t.app.get(EntityManager);
    const email = (input.email ?? `guest-${randomBytes(3).toString('hex')}@example.com`).toLowerCase();
    const customer =
      (await em.findOne(Customer, { email })) ?? em.create(Customer, { tenant: tenantId, email, name: input.name ?? 'Ada Lovelace', phone: '+15551234567' });
    const totalCents = input.totalCents ?? 250_000;
    const booking = em.create(Booking, {
      tenant: tenantId,
      eventDate: input.eventDate,
      status: input.status ?? BookingStatus.PAID,
      customer,
      packageId: null,
      lineItems: [
        { kind: 'PACKAGE', id: '11111111-1111-4111-8111-111111111111', slug: 'classic', name: 'Classic Wedding', priceCents: totalCents - 20_000 },
        { kind: 'ADD_ON', id: '22222222-2222-4222-8222-222222222222', slug: 'cake', name: 'Wedding cake', priceCents: 20_000 },
      ],
      totalCents,
      commissionCents: Math.ceil(totalCents * 0.125),
      commissionPercent: '12.50',
      currency: 'usd',
      checkoutSessionId: `cs_test_${randomBytes(12).toString('hex')}`,
    });
    await em.flush();
    return booking.id;
  });
}

/** Marks a booking cancelled, as the admin cancel route of the booking pipeline does. */
export async function cancelBooking(t: TestApp, tenantId: string, bookingId: string): Promise<void> {
  await t.app.get(TenantScope).run(tenantId, async () => {
    const em = t.app.get(EntityManager);
    const booking = await em.findOneOrFail(Booking, { id: bookingId });
    booking.status = BookingStatus.CANCELLED;
    booking.cancelledAt = new Date();
    await em.flush();
  });
}

/**
 * A pass-through in front of the fake Postmark that can fail the sends to one recipient (the fake can
 * only fail "the next n" requests, whoever they are for): point POSTMARK_API_URL at `url`.
 */
export class PostmarkFaultProxy {
  private readonly failures = new Map<string, { count: number; status: number }>();
  readonly requestsTo = new Map<string, number>();
  /** Delay before a request is forwarded (a slow Postmark). */
  delayMs = 0;
  /** Called when a request arrives, before the delay. */
  onRequest: ((to: string) => void) | undefined;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(target: string): Promise<PostmarkFaultProxy> {
    let proxy: PostmarkFaultProxy | undefined;
    const upstream = new URL(target);
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on(
        'end',
        () =>
          void (async () => {
            const body = Buffer.concat(chunks);
            let to = '';
            try {
              to = String((JSON.parse(body.toString('utf8')) as { To?: string }).To ?? '').toLowerCase();
            } catch {
              // not JSON: forwarded as is
            }
            proxy!.requestsTo.set(to, (proxy!.requestsTo.get(to) ?? 0) + 1);
            proxy!.onRequest?.(to);
            if (proxy!.delayMs > 0) await sleep(proxy!.delayMs);
            const failure = proxy!.failures.get(to);
            if (failure && failure.count > 0) {
              failure.count -= 1;
              res.writeHead(failure.status, { 'content-type': 'application/json' });
              res.end(JSON.stringify({ ErrorCode: 0, Message: 'Internal Server Error' }));
              return;
            }
            const forward = httpRequest(
              { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
              (upstreamRes) => {
                res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
                upstreamRes.pipe(res);
              },
            );
            forward.on('error', () => res.destroy());
            forward.end(body);
          })(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    proxy = new PostmarkFaultProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return proxy;
  }

  /** The next `count` sends to `to` answer `status` (default 500) without reaching Postmark. */
  failSendsTo(to: string, count: number, status = 500): void {
    this.failures.set(to.toLowerCase(), { count, status });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/**
 * A tenant event and its delivery to `endpointId`, as the fan-out would leave them, without the queue: for tests of
 * the delivery log, retention and the delivery service itself. `eventAge` is a PostgreSQL interval ('31 days').
 */
export async function seedWebhookDelivery(
  t: TestApp,
  tenantId: string,
  endpointId: string,
  options: { eventAge?: string; status?: 'PENDING' | 'SUCCEEDED' | 'FAILED'; attempts?: number } = {},
): Promise<{ eventId: string; deliveryId: string }> {
  const [event] = await sql<{ id: string }>(
    t,
    `insert into tenant_events (id, created_at, updated_at, tenant_id, type, data)
     values (gen_random_uuid(), now() - ?::interval, now(), ?, 'booking.created', '{}') returning id`,
    [options.eventAge ?? '0 seconds', tenantId],
  );
  const [delivery] = await sql<{ id: string }>(
    t,
    `insert into webhook_deliveries (id, created_at, updated_at, tenant_id, endpoint_id, event_id, manual, status, attempts)
     values (gen_random_uuid(), now(), now(), ?, ?, ?, false, ?, ?) returning id`,
    [tenantId, endpointId, event.id, options.status ?? 'PENDING', options.attempts ?? 0],
  );
  return { eventId: event.id, deliveryId: delivery.id };
}
