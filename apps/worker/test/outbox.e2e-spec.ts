import { BullMqJobQueue } from '@mais/jobs';
import { JobOutbox, JobQueue } from '@mais/domain';
import { describeWithRedis, TcpProxy, testRedisUrl } from '@mais/testing';
import { createTestApp, TestApp } from '../../api/test/support/harness';
import { WorkerModule } from '../src/worker.module';
import { createBookingTenant, eventually, freshDate, sql, type BookingTenant } from '../../api/test/support/booking-fixtures';
import { seedBooking } from './support/worker-test-helpers';

/**
 * Issue 10, "nothing lost": the jobs a write implies are recorded in the write's transaction (outbox_jobs) and
 * reach the queue once it is back, each exactly once, although Redis was down when the write was made.
 */
describeWithRedis('the transactional outbox with Redis down', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let tenant: BookingTenant;

  beforeAll(async () => {
    const redis = new URL(testRedisUrl()!);
    proxy = new TcpProxy(redis.hostname, Number(redis.port || 6379));
    await proxy.start();
    // API and worker reach Redis only through the proxy, which the test cuts and restores.
    t = await createTestApp({
      redis: true,
      worker: WorkerModule,
      env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}${redis.pathname}`, WEBHOOK_SWEEP_INTERVAL_MS: '300' },
    });
    tenant = await createBookingTenant(t, 'outbox');
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.stop();
  });

  const admin = () => ({ authorization: `Bearer ${tenant.adminToken}` });
  const cancel = (id: string) => t.app.inject({ method: 'POST', url: `/v1/admin/bookings/${id}/cancel`, headers: admin(), payload: { refund: false } });

  it('keeps every cancellation and its email and calendar jobs while Redis is down, and delivers each once when it is back', async () => {
    const bookings: string[] = [];
    for (let i = 0; i < 5; i++) bookings.push(await seedBooking(t, tenant.id, { eventDate: freshDate(), email: `couple${i}@example.com` }));

    await proxy.stop();
    const responses = await Promise.all(bookings.map(cancel));
    // The cancellations stand: the queue being down is nobody's business but the outbox's.
    expect(responses.map((r) => [r.statusCode, r.json().status])).toEqual(bookings.map(() => [200, 'CANCELLED']));
    const waiting = await sql<{ job_id: string; status: string }>(t, `select job_id, status from outbox_jobs order by job_id`);
    const expected = bookings.flatMap((id) => [`calendar-delete-event-${id}`, `email-booking-cancelled-${id}`]).sort();
    expect(waiting.filter((row) => expected.includes(row.job_id))).toEqual(expected.map((job_id) => ({ job_id, status: 'PENDING' })));

    await proxy.start();
    await eventually(async () => (await t.app.get(JobOutbox).pendingCount()) === 0, 'the outbox relayed after Redis came back', 20_000);
    const deliveries = await eventually(
      async () => {
        const rows = await sql<{ dedupe_key: string; status: string }>(
          t,
          `select dedupe_key, status from email_deliveries where template = 'booking-cancelled'`,
        );
        return rows.length === bookings.length ? rows : null;
      },
      'one cancellation email per booking',
      20_000,
    );
    expect(deliveries.every((row) => row.status === 'SENT')).toBe(true);
    expect(new Set(deliveries.map((row) => row.dedupe_key)).size).toBe(bookings.length);

    const calendar = (t.app.get(JobQueue) as BullMqJobQueue).bullQueue('calendar');
    for (const id of bookings) {
      const job = await eventually(
        async () => {
          const found = await calendar.getJob(`calendar-delete-event-${id}`);
          if (!found || !(await found.isCompleted())) return null;
          // Read again once it is completed: the first read may predate the finish (attemptsMade still 0).
          return calendar.getJob(`calendar-delete-event-${id}`);
        },
        `the calendar removal of ${id}`,
        20_000,
      );
      expect(job.attemptsMade).toBe(1);
    }
    // Relaying again (another sweep, another process) adds nothing: every row is SENT.
    expect(await t.app.get(JobOutbox).relayPending(0)).toBe(0);
  });
});
