import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { UserRole } from '@mais/domain';
import { calendarJobIds } from '@mais/calendar';
import { BullMqJobRunner, DEFAULT_QUEUE_SETTINGS, JobRunner } from '@mais/jobs';
import { FakeGoogleServer, describeWithRedis, makeServiceAccountJson } from '@mais/testing';
import { createApiApp } from '../../api/src/app.factory';
import { createTestApp, loginToken, seedTenant, seedUser, TestApp } from '../../api/test/support/harness';
import { WorkerModule } from '../src/worker.module';
import { bullQueue, sleep, waitFor } from './support/worker-test-helpers';

/** The recurring calendar syncs live in Redis as BullMQ job schedulers; a starting worker makes sure they exist. */
describeWithRedis('worker start: calendar sync schedules', () => {
  let t: TestApp;
  let google: FakeGoogleServer;
  let restarted: NestFastifyApplication | undefined;
  let closed = false;

  beforeAll(async () => {
    google = await FakeGoogleServer.start();
    t = await createTestApp({ redis: true, worker: WorkerModule, env: { GOOGLE_API_URL: google.url } });
  });
  afterAll(async () => {
    await restarted?.close();
    if (!closed) await t?.close();
    await google?.stop();
  });

  it("re-creates a configured tenant's lost schedule when the worker starts, and none for a tenant without a calendar", async () => {
    const configured = await seedTenant(t, 'schedule-on');
    const unconfigured = await seedTenant(t, 'schedule-off');
    await seedUser(t, 'owner@schedule-on.test', 'Owner-Pass-2026', UserRole.TENANT_ADMIN, configured.id);
    const admin = { authorization: `Bearer ${await loginToken(t, 'owner@schedule-on.test', 'Owner-Pass-2026')}` };
    const put = await t.app.inject({
      method: 'PUT',
      url: '/v1/admin/calendar',
      headers: admin,
      payload: { calendarId: 'primary', serviceAccountJson: makeServiceAccountJson() },
    });
    expect(put.statusCode).toBe(200);
    const calendar = bullQueue(t, 'calendar');
    expect(await calendar.getJobScheduler(calendarJobIds.schedule(configured.id))).toBeTruthy();

    // Redis lost the schedule (flushed, restored from an old snapshot…); then the worker process restarts.
    await calendar.removeJobScheduler(calendarJobIds.schedule(configured.id));
    expect(await calendar.getJobScheduler(calendarJobIds.schedule(configured.id))).toBeFalsy();
    await t.close();
    closed = true;
    restarted = await createApiApp(t.settings, { logger: false, worker: WorkerModule });

    const schedules = bullQueue({ ...t, app: restarted }, 'calendar');
    await waitFor('the schedule to be back', async () => !!(await schedules.getJobScheduler(calendarJobIds.schedule(configured.id))));
    expect(await schedules.getJobScheduler(calendarJobIds.schedule(configured.id))).toMatchObject({ every: 15 * 60_000, name: 'calendar.sync' });
    expect(await schedules.getJobScheduler(calendarJobIds.schedule(unconfigured.id))).toBeFalsy();
    // The same check repeats on one scheduler for all workers.
    await waitFor('the check to be scheduled', async () => !!(await schedules.getJobScheduler('calendar-ensure-schedules')));
    expect(await schedules.getJobScheduler('calendar-ensure-schedules')).toMatchObject({ every: 15 * 60_000, name: 'calendar.ensure-schedules' });
  });
});

/** The worker's sweep is one BullMQ job scheduler for all workers: two workers sweep once per interval between them. */
describeWithRedis('worker: the webhook sweep schedule', () => {
  let t: TestApp;
  let second: NestFastifyApplication | undefined;

  beforeAll(async () => {
    t = await createTestApp({ redis: true, worker: WorkerModule });
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('runs every WEBHOOK_SWEEP_INTERVAL_MS as webhooks.sweep jobs, not once per worker', async () => {
    // The processor class runs in the BullMQ worker @nestjs/bullmq made for it, with the queue's concurrency.
    const worker = (t.app.get(JobRunner) as BullMqJobRunner).worker('webhooks');
    expect(worker?.isRunning()).toBe(true);
    expect(worker?.concurrency).toBe(DEFAULT_QUEUE_SETTINGS.webhooks.concurrency);
    second = await createApiApp(t.settings, { logger: false, worker: WorkerModule });
    const webhooks = bullQueue(t, 'webhooks');
    expect(await webhooks.getJobScheduler('webhooks-sweep')).toMatchObject({ every: t.settings.webhookSweepIntervalMs, name: 'webhooks.sweep' });
    const sweeps = async () => (await webhooks.getJobs(['completed'], 0, -1)).filter((job) => job.name === 'webhooks.sweep').length;
    const before = await sweeps();
    const started = Date.now();
    await sleep(3_000);
    const ran = (await sweeps()) - before;
    const intervals = (Date.now() - started) / t.settings.webhookSweepIntervalMs;
    expect(ran).toBeGreaterThanOrEqual(Math.floor(intervals) - 2);
    // Two workers with a timer each would sweep about twice as often.
    expect(ran).toBeLessThanOrEqual(Math.ceil(intervals) + 1);
  });
});
