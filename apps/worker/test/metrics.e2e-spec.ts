import { Metrics, startMetricsServer } from '@mais/runtime';
import { describeWithRedis, FakeStripeServer } from '@mais/testing';
import { createTestApp, TestApp } from '../../api/test/support/harness';
import { WorkerModule } from '../src/worker.module';
import {
  checkoutBody,
  createBookingTenant,
  BookingTenant,
  freshDate,
  postCheckout,
  postWebhook,
  processed,
  sql,
  stripeEvent,
} from '../../api/test/support/booking-fixtures';
import { waitForQueueIdle } from './support/worker-test-helpers';

function sample(body: string, series: string): number {
  const line = body.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

/** The worker's figures: job timings by queue, bookings and webhook lag, moving after a real paid checkout. */
describeWithRedis('worker metrics', () => {
  let fake: FakeStripeServer;
  let t: TestApp;
  let tenant: BookingTenant;
  const account = 'acct_1MaisMetrics';
  const scrape = async () => (await t.app.inject({ method: 'GET', url: '/metrics' })).body;

  beforeAll(async () => {
    fake = await FakeStripeServer.start();
    t = await createTestApp({ redis: true, worker: WorkerModule, env: { STRIPE_SECRET_KEY: 'sk_test_mais', STRIPE_API_URL: fake.url } });
    tenant = await createBookingTenant(t, 'metrics', { stripeAccountId: account });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.stop();
  });

  it('shows a paid checkout as a timed webhook job, a booking, queued emails and a webhook lag', async () => {
    const before = await scrape();
    const webhookJobs = 'mais_job_duration_seconds_count{queue="webhooks",job="webhooks.process",outcome="completed"}';
    const res = await postCheckout(t, tenant, checkoutBody(freshDate()));
    expect(res.statusCode).toBe(201);
    const session = fake.completeSession(res.json().sessionId);
    const event = stripeEvent('checkout.session.completed', { ...session }, account);
    expect((await postWebhook(t, event)).statusCode).toBe(200);
    expect(await processed(t, event.id)).toBe('PROCESSED');
    await waitForQueueIdle(t, 'emails');

    const after = await scrape();
    expect(sample(after, webhookJobs) - sample(before, webhookJobs)).toBe(1);
    expect(sample(after, 'mais_bookings{status="PAID"}') - sample(before, 'mais_bookings{status="PAID"}')).toBe(1);
    expect(sample(after, 'mais_webhook_events{status="PROCESSED"}')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'mais_webhook_lag_seconds{stat="max_5m"}')).toBeGreaterThan(0);
    const lagCount = 'mais_webhook_processing_lag_seconds_count{status="PROCESSED"}';
    expect(sample(after, lagCount) - sample(before, lagCount)).toBe(1);
    // Its one observation falls in a bucket of at most 10 s, and in every bucket above.
    expect(sample(after, 'mais_webhook_processing_lag_seconds_bucket{le="10",status="PROCESSED"}')).toBe(sample(after, lagCount));
    expect(after).toMatch(/mais_job_duration_seconds_count\{queue="emails",job="[^"]+",outcome="completed"\} [1-9]/);
    expect(sample(after, 'mais_job_failures_total{queue="webhooks",job="webhooks.process",final="true"}')).toBe(0);
  });

  it('counts a payment refunded because its date was taken meanwhile in mais_refunds, by reason', async () => {
    const refunds = 'mais_refunds{reason="BOOKED"}';
    const before = await scrape();
    const eventDate = freshDate();
    const pay = async (sessionId: string) => {
      const event = stripeEvent('checkout.session.completed', { ...fake.completeSession(sessionId) }, account);
      expect((await postWebhook(t, event)).statusCode).toBe(200);
      expect(await processed(t, event.id)).toBe('PROCESSED');
    };
    const late = (await postCheckout(t, tenant, checkoutBody(eventDate))).json().sessionId as string;
    // The first customer's hold lapses, a second takes the date and pays, then the first pays too: refunded.
    await sql(t, `update checkout_holds set expires_at = now() - interval '1 minute' where session_id = ?`, [late]);
    await pay((await postCheckout(t, tenant, checkoutBody(eventDate))).json().sessionId as string);
    await pay(late);

    const after = await scrape();
    expect(sample(after, refunds) - sample(before, refunds)).toBe(1);
  });

  // The listener applies Metrics.authorize, the rule the API's route is tested with (metrics.e2e-spec.ts).
  it('serves the same figures on the worker listener (METRICS_PORT)', async () => {
    const metrics = t.app.get(Metrics);
    const { server, port } = await startMetricsServer(metrics, 0, '127.0.0.1');
    try {
      const open = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(open.status).toBe(200);
      expect(await open.text()).toContain('mais_job_duration_seconds_bucket');
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
