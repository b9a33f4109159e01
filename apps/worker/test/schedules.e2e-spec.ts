import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { UserRole } from '@mais/domain';
import { calendarJobIds } from '@mais/calendar';
import { FakeGoogleServer, describeWithRedis, makeServiceAccountJson } from '@mais/testing';
import { createApiApp } from '../../api/src/app.factory';
import { createTestApp, loginToken, seedTenant, seedUser, TestApp } from '../../api/test/support/harness';
import { WorkerModule } from '../src/worker.module';
import { bullQueue, waitFor } from './support/worker-test-helpers';

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
  });
});
