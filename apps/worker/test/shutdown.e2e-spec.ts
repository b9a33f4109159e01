import { Queue } from 'bullmq';
import { Client } from 'pg';
import { JobQueue, UserRole } from '@mais/domain';
import { FakePostmarkServer, describeWithRedis, testRedisUrl } from '@mais/testing';
import { createTestApp, seedTenant, seedUser, TestApp } from '../../api/test/support/harness';
import { WorkerModule } from '../src/worker.module';
import { PostmarkFaultProxy, seedBooking, waitFor } from './support/worker-test-helpers';

/** Shutting the worker down (SIGTERM → app.close()) finishes the job it is running before it lets go. */
describeWithRedis('worker shutdown', () => {
  let t: TestApp;
  let postmark: FakePostmarkServer;
  let proxy: PostmarkFaultProxy;

  beforeAll(async () => {
    postmark = await FakePostmarkServer.start();
    proxy = await PostmarkFaultProxy.start(postmark.url);
    t = await createTestApp({ redis: true, worker: WorkerModule, env: { POSTMARK_SERVER_TOKEN: postmark.serverToken, POSTMARK_API_URL: proxy.url } });
  });
  afterAll(async () => {
    await proxy?.stop();
    await postmark?.stop();
  });

  it('lets an email being sent finish, recorded, before the process lets go', async () => {
    const tenant = await seedTenant(t, 'shutdown-studio');
    await seedUser(t, 'owner@shutdown.test', 'Owner-Pass-2026', UserRole.TENANT_ADMIN, tenant.id);
    const bookingId = await seedBooking(t, tenant.id, { eventDate: '2027-08-21', email: 'slow@example.com' });
    proxy.delayMs = 800; // Postmark answers slowly
    let sending = false;
    proxy.onRequest = () => (sending = true);

    await t.app.get(JobQueue).enqueue('emails.send', { tenantId: tenant.id, template: 'booking-confirmed', bookingId }, { jobId: `slow.${bookingId}` });
    await waitFor('the send to start', () => sending);
    const closing = Date.now();
    await t.close();
    const closedAfterMs = Date.now() - closing;

    expect(closedAfterMs).toBeGreaterThanOrEqual(500); // it waited for the send…
    expect(closedAfterMs).toBeLessThan(8_000); // …within the bounded shutdown wait
    expect(postmark.messages.map((m) => m.To)).toEqual(['slow@example.com']);
    const db = new Client({ connectionString: t.settings.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query(`select status, provider_message_id from email_deliveries where dedupe_key like $1`, [`%${bookingId}%`]);
      expect(rows).toEqual([{ status: 'SENT', provider_message_id: postmark.messages[0].MessageID }]);
    } finally {
      await db.end();
    }
    const queue = new Queue('emails', { connection: { url: testRedisUrl() }, prefix: t.settings.queuePrefix });
    try {
      expect(await queue.getJobState(`slow.${bookingId}`)).toBe('completed');
    } finally {
      await queue.close();
    }
  });
});
