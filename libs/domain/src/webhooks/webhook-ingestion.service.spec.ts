import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { signStripePayload } from '@mais/testing';
import { createBookingServices, type BookingServices } from '../../testing/booking-services';
import { CurrentTenant } from '../ports/current-tenant.port';
import { JobQueue } from '../ports/job-queue.port';
import { WebhookIngestionService } from './webhook-ingestion.service';

/**
 * The ingestion against a real migrated database: one statement stores an event or answers that it is stored, and
 * concurrent first deliveries of one event (in one process or several) store it once and enqueue it once.
 */
describe(WebhookIngestionService.name, () => {
  let s: BookingServices;
  let ingestion: WebhookIngestionService;
  const sql = (text: string, params: unknown[] = []) => s.em.getConnection().execute(text, params);

  beforeAll(async () => {
    s = await createBookingServices();
    ingestion = s.get(WebhookIngestionService);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => s?.close());

  /** A signed Stripe-shaped event, delivered as Stripe would (the same bytes and a fresh signature each time). */
  function event(type = 'customer.created') {
    const id = `evt_${randomUUID().replace(/-/g, '')}`;
    const payload = JSON.stringify({ id, object: 'event', type, created: Math.floor(Date.now() / 1000), data: { object: { id: 'cus_1' } } });
    return { id, payload, deliver: (to = ingestion) => to.ingest(Buffer.from(payload), signStripePayload(payload, 'whsec_unit')) };
  }
  const storedRows = (providerEventId: string) =>
    sql(
      `select id, type, status, attempts, payload->>'id' as payload_id, received_at = date_trunc('milliseconds', received_at) as received_to_the_ms
       from webhook_events where provider_event_id = ?`,
      [providerEventId],
    );
  /** Another API process: its own service instance on the same database and queue. */
  const anotherProcess = () => new WebhookIngestionService(s.em, s.get(CurrentTenant), s.payments, s.get(JobQueue));
  const enqueues = () => jest.spyOn(s.get(JobQueue), 'enqueue');

  it('stores a first delivery and enqueues it; a redelivery is a duplicate with the same stored id, enqueued no more', async () => {
    const e = event();
    const enqueued = enqueues();

    const first = await e.deliver();
    const again = await e.deliver();

    expect(first).toEqual({ webhookEventId: expect.any(String), providerEventId: e.id, duplicate: false });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await storedRows(e.id)).toEqual([
      { id: first.webhookEventId, type: 'customer.created', status: 'PENDING', attempts: 0, payload_id: e.id, received_to_the_ms: true },
    ]);
    expect(enqueued).toHaveBeenCalledTimes(1);
    expect(enqueued).toHaveBeenCalledWith('webhooks.process', { webhookEventId: first.webhookEventId }, { jobId: `webhook-${e.id}` });
  });

  it('stores one row when 20 first deliveries of one event arrive at once, in one process and in another', async () => {
    const e = event();
    const other = anotherProcess();
    const enqueued = enqueues();

    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => e.deliver(i % 2 ? other : ingestion)));

    const [row] = await storedRows(e.id);
    expect(await storedRows(e.id)).toHaveLength(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(results.every((r) => r.webhookEventId === row.id && r.providerEventId === e.id)).toBe(true);
    expect(enqueued).toHaveBeenCalledTimes(1);
  });

  it("reads the stored id when another process's first delivery commits while the statement waits on it", async () => {
    // Under READ COMMITTED the statement's snapshot predates that commit: its insert does nothing (conflict) and its
    // select cannot see the row, so the statement returns nothing and the service reads the row with a second one.
    const e = event();
    const storedByOther = randomUUID();
    const other = new Client({ connectionString: s.em.config.get('clientUrl') });
    await other.connect();
    try {
      await other.query('begin');
      await other.query(
        `insert into webhook_events (id, created_at, updated_at, provider_event_id, type, payload, status, attempts, received_at)
         values ($1, now(), now(), $2, 'customer.created', $3::jsonb, 'PENDING', 0, date_trunc('milliseconds', now()))`,
        [storedByOther, e.id, e.payload],
      );
      const delivering = e.deliver();
      await waitFor(async () => {
        const waiting = await sql(`select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
        return waiting.length === 1;
      });
      await other.query('commit');

      expect(await delivering).toEqual({ webhookEventId: storedByOther, providerEventId: e.id, duplicate: true });
    } finally {
      await other.end();
    }
    expect(await storedRows(e.id)).toEqual([expect.objectContaining({ id: storedByOther })]);
  });

  describe('the memory of recently stored events', () => {
    /** Another connection holds an exclusive lock on webhook_events: any statement on it waits until `release`. */
    async function lockEvents(): Promise<{ release(): Promise<void> }> {
      const locker = new Client({ connectionString: s.em.config.get('clientUrl') });
      await locker.connect();
      await locker.query('begin');
      await locker.query('lock table webhook_events in access exclusive mode');
      return {
        async release() {
          await locker.query('commit');
          await locker.end();
        },
      };
    }
    const settledWithin = (promise: Promise<unknown>, ms: number) =>
      Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

    it('acknowledges a redelivery this process stored with no statement; another process asks the database, then remembers', async () => {
      const e = event();
      const first = await e.deliver();
      const other = anotherProcess();
      const enqueued = enqueues();

      const lock = await lockEvents();
      let fromOther: Promise<unknown> | undefined;
      try {
        // The table is locked, so an answer now can only come from memory.
        const fromMemory = e.deliver();
        expect(await settledWithin(fromMemory, 1_000)).toBe(true);
        expect(await fromMemory).toEqual({ ...first, duplicate: true });
        fromOther = e.deliver(other);
        expect(await settledWithin(fromOther, 300)).toBe(false);
      } finally {
        await lock.release();
      }
      expect(await fromOther).toEqual({ ...first, duplicate: true });

      // The other process has now seen it stored: its next redelivery needs no statement either.
      const again = await lockEvents();
      try {
        const fromMemory = e.deliver(other);
        expect(await settledWithin(fromMemory, 1_000)).toBe(true);
        expect(await fromMemory).toEqual({ ...first, duplicate: true });
      } finally {
        await again.release();
      }
      expect(enqueued).not.toHaveBeenCalled();
    });

    it('still verifies the signature of a remembered event before anything else', async () => {
      const e = event();
      await e.deliver();

      await expect(ingestion.ingest(Buffer.from(e.payload), signStripePayload(e.payload, 'whsec_other'))).rejects.toMatchObject({ code: 'INVALID_SIGNATURE' });
      await expect(ingestion.ingest(Buffer.from(e.payload), undefined)).rejects.toMatchObject({ code: 'INVALID_SIGNATURE' });
      const tampered = e.payload.replace('cus_1', 'cus_2');
      await expect(ingestion.ingest(Buffer.from(tampered), signStripePayload(e.payload, 'whsec_unit'))).rejects.toMatchObject({ code: 'INVALID_SIGNATURE' });
    });

    it("does not remember an event stored inside a caller's transaction that then rolled back", async () => {
      const e = event();
      const rolledBack = new Error('rolled back');

      await expect(
        s.em.fork().transactional(async () => {
          expect(await e.deliver()).toMatchObject({ duplicate: false });
          throw rolledBack;
        }),
      ).rejects.toBe(rolledBack);
      expect(await storedRows(e.id)).toEqual([]);

      const delivered = await e.deliver();
      expect(delivered).toMatchObject({ duplicate: false });
      expect(await storedRows(e.id)).toEqual([expect.objectContaining({ id: delivered.webhookEventId })]);
    });
  });
});

async function waitFor(probe: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
