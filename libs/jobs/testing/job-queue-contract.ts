import type { JobQueue } from '@mais/domain';
import type { JobFailure, JobHandlers, JobHooks, JobMeta } from '../src/job-handlers';
import { processorsFor } from '../src/job-processor-host';
import type { JobRunner } from '../src/job-runner';
import type { JobScheduler } from '../src/job-scheduler';
import type { QueueSettingsOverrides } from '../src/queue-options';
import { UnrecoverableJobError } from '../src/unrecoverable-job.error';
import { deferred, sleep, waitFor } from './async-helpers';

export interface JobDriverOptions {
  queues?: QueueSettingsOverrides;
  shutdownTimeoutMs?: number;
}

export interface JobDriver {
  queue: JobQueue & JobScheduler;
  runner: JobRunner;
  /** Resolves once no job is waiting, delayed or active (finished jobs are fully recorded). */
  idle(): Promise<void>;
  /** Closes what `runner.close()` does not (the producer, connections). */
  dispose(): Promise<void>;
}

/**
 * The behaviour both drivers promise, run against each: the BullMQ one on real Redis, the in-process one
 * in memory. What a handler, a hook or a caller of `enqueue` can observe must not depend on the driver.
 */
export function describeJobQueueContract(driverName: string, createDriver: (options: JobDriverOptions) => Promise<JobDriver>): void {
  describe(`${driverName}: shared queue behaviour`, () => {
    let drivers: JobDriver[] = [];

    async function startDriver(handlers: JobHandlers, hooks: JobHooks = {}, options: JobDriverOptions = {}): Promise<JobDriver> {
      const driver = await createDriver(options);
      drivers.push(driver);
      await driver.runner.start(processorsFor(handlers), hooks);
      return driver;
    }

    function recordFinalFailures() {
      const calls: JobFailure[] = [];
      return { calls, onFinalFailure: (failure: JobFailure) => void calls.push(failure) };
    }

    afterEach(async () => {
      await Promise.all(
        drivers.map(async (driver) => {
          await driver.runner.close();
          await driver.dispose();
        }),
      );
      drivers = [];
    });

    it('runs a job once with its typed payload and attempt metadata', async () => {
      const calls: Array<{ webhookEventId: string; meta: JobMeta }> = [];
      const { queue, idle } = await startDriver({
        'webhooks.process': async (payload, meta) => void calls.push({ webhookEventId: payload.webhookEventId, meta }),
      });

      await queue.enqueue('webhooks.process', { webhookEventId: 'evt_once' }, { jobId: 'evt_once' });
      await waitFor('the job to run', () => calls.length === 1);
      await idle();
      await sleep(100);

      expect(calls).toHaveLength(1);
      expect(calls[0].webhookEventId).toBe('evt_once');
      expect(calls[0].meta).toMatchObject({
        jobId: 'evt_once',
        name: 'webhooks.process',
        queue: 'webhooks',
        attempt: 1,
        maxAttempts: 8,
        isFinalAttempt: false,
      });
    });

    it('retries a failing handler with exponential backoff until it succeeds on attempt 3', async () => {
      const startedAt: number[] = [];
      const failures = recordFinalFailures();
      const { queue, idle } = await startDriver(
        {
          'emails.send': async (_payload, meta) => {
            startedAt.push(Date.now());
            if (meta.attempt < 3) throw new Error(`Postmark 500 on attempt ${meta.attempt}`);
          },
        },
        { onFinalFailure: failures.onFinalFailure },
        { queues: { emails: { attempts: 4, backoffDelayMs: 100 } } },
      );

      await queue.enqueue('emails.send', { tenantId: 't1', template: 'booking-confirmed', bookingId: 'b1' });
      await waitFor('three attempts', () => startedAt.length === 3);
      await idle();
      await sleep(150);

      expect(startedAt).toHaveLength(3);
      // 100 ms after attempt 1, 200 ms after attempt 2 (a little slack for timer rounding).
      expect(startedAt[1] - startedAt[0]).toBeGreaterThanOrEqual(90);
      expect(startedAt[2] - startedAt[1]).toBeGreaterThanOrEqual(190);
      expect(startedAt[2] - startedAt[1]).toBeLessThan(3_000);
      expect(failures.calls).toHaveLength(0);
    });

    it('calls onFinalFailure exactly once, after the last attempt', async () => {
      const attempts: Array<Pick<JobMeta, 'attempt' | 'isFinalAttempt'>> = [];
      const failures = recordFinalFailures();
      const { queue, idle } = await startDriver(
        {
          'webhooks.process': async (_payload, { attempt, isFinalAttempt }) => {
            attempts.push({ attempt, isFinalAttempt });
            throw new Error('handler bug');
          },
        },
        { onFinalFailure: failures.onFinalFailure },
        { queues: { webhooks: { attempts: 3, backoffDelayMs: 10 } } },
      );

      await queue.enqueue('webhooks.process', { webhookEventId: 'evt_doomed' }, { jobId: 'evt_doomed' });
      await waitFor('the final failure hook', () => failures.calls.length > 0);
      await idle();
      await sleep(200);

      expect(attempts).toEqual([
        { attempt: 1, isFinalAttempt: false },
        { attempt: 2, isFinalAttempt: false },
        { attempt: 3, isFinalAttempt: true },
      ]);
      expect(failures.calls).toHaveLength(1);
      const { name, payload, error, meta } = failures.calls[0];
      expect(name).toBe('webhooks.process');
      expect(payload).toEqual({ webhookEventId: 'evt_doomed' });
      expect(error.message).toBe('handler bug');
      expect(meta).toMatchObject({ jobId: 'evt_doomed', attempt: 3, maxAttempts: 3 });
    });

    it('does not retry a job whose handler throws UnrecoverableJobError', async () => {
      let runs = 0;
      const failures = recordFinalFailures();
      const { queue, idle } = await startDriver(
        {
          'calendar.sync': async () => {
            runs += 1;
            throw new UnrecoverableJobError('invalid_grant: credentials revoked');
          },
        },
        { onFinalFailure: failures.onFinalFailure },
        { queues: { all: { backoffDelayMs: 10 } } },
      );

      await queue.enqueue('calendar.sync', { tenantId: 't1' });
      await waitFor('the final failure hook', () => failures.calls.length > 0);
      await idle();
      await sleep(200);

      expect(runs).toBe(1);
      expect(failures.calls).toHaveLength(1);
      const { name, error, meta } = failures.calls[0];
      expect(name).toBe('calendar.sync');
      expect(error).toBeInstanceOf(UnrecoverableJobError);
      expect(error.message).toBe('invalid_grant: credentials revoked');
      expect(meta).toMatchObject({ attempt: 1, maxAttempts: 5, isFinalAttempt: false });
    });

    it('fails a job that has no registered handler at once, through onFinalFailure', async () => {
      const failures = recordFinalFailures();
      const { queue, idle } = await startDriver(
        { 'calendar.sync': async () => undefined },
        { onFinalFailure: failures.onFinalFailure },
        { queues: { all: { backoffDelayMs: 10 } } },
      );

      await queue.enqueue('calendar.delete-event', { tenantId: 't1', bookingId: 'b1' });
      await waitFor('the final failure hook', () => failures.calls.length > 0);
      await idle();

      expect(failures.calls).toHaveLength(1);
      expect(failures.calls[0].name).toBe('calendar.delete-event');
      expect(failures.calls[0].error).toBeInstanceOf(UnrecoverableJobError);
      expect(failures.calls[0].error.message).toMatch(/No handler/);
    });

    it('adds a job id only once while it is waiting or active, and again once it has finished', async () => {
      const release = deferred();
      let runs = 0;
      const { queue, idle } = await startDriver({
        'webhooks.process': async () => {
          runs += 1;
          if (runs === 1) await release.promise;
        },
      });

      await Promise.all([1, 2, 3].map(() => queue.enqueue('webhooks.process', { webhookEventId: 'evt_dup' }, { jobId: 'evt_dup' })));
      await waitFor('the first run', () => runs === 1);
      await queue.enqueue('webhooks.process', { webhookEventId: 'evt_dup' }, { jobId: 'evt_dup' });
      release.resolve();
      await idle();
      await sleep(100);
      expect(runs).toBe(1);

      await queue.enqueue('webhooks.process', { webhookEventId: 'evt_dup' }, { jobId: 'evt_dup' });
      await waitFor('the run after completion', () => runs === 2);
      await idle();
      expect(runs).toBe(2);
    });

    it("enqueueAll adds one queue's jobs in order, with the job id rules of enqueue", async () => {
      const release = deferred();
      const seen: string[] = [];
      const { queue, idle } = await startDriver(
        {
          'emails.send': async (payload) => {
            seen.push(payload.bookingId!);
            if (seen.length === 1) await release.promise;
          },
        },
        {},
        { queues: { emails: { concurrency: 1 } } },
      );
      const email = (id: string) => ({
        name: 'emails.send' as const,
        payload: { tenantId: 't', template: 'booking-confirmed' as const, bookingId: id },
        options: { jobId: `mail-${id}` },
      });

      await queue.enqueueAll([email('a'), email('b'), email('c')]);
      await waitFor('the first job', () => seen.length === 1);
      // b and c wait, a is active: all three ids absorb a second add; d is new.
      await queue.enqueueAll([email('a'), email('b'), email('c'), email('d')]);
      release.resolve();
      await idle();
      expect(seen).toEqual(['a', 'b', 'c', 'd']);

      // Finished ids make way, as with enqueue.
      await queue.enqueueAll([email('a'), email('e')]);
      await waitFor('the second round', () => seen.length === 6);
      await idle();
      expect(seen).toEqual(['a', 'b', 'c', 'd', 'a', 'e']);

      await expect(queue.enqueueAll([email('f'), { name: 'calendar.upsert-event', payload: { tenantId: 't', bookingId: 'f' } }])).rejects.toThrow(
        'enqueueAll takes the jobs of one queue: calendar.upsert-event is not on emails',
      );
    });

    it('runs a job id again after it failed for good (a replay)', async () => {
      const outcomes: string[] = [];
      const failures = recordFinalFailures();
      const { queue, idle } = await startDriver(
        {
          'webhooks.process': async () => {
            if (outcomes.length === 0) {
              outcomes.push('failed');
              throw new UnrecoverableJobError('broken until replayed');
            }
            outcomes.push('succeeded');
          },
        },
        { onFinalFailure: failures.onFinalFailure },
      );

      await queue.enqueue('webhooks.process', { webhookEventId: 'evt_replay' }, { jobId: 'evt_replay' });
      await waitFor('the failure', () => failures.calls.length === 1);
      await idle();
      await queue.enqueue('webhooks.process', { webhookEventId: 'evt_replay' }, { jobId: 'evt_replay' });
      await waitFor('the replay', () => outcomes.length === 2);

      expect(outcomes).toEqual(['failed', 'succeeded']);
    });

    it('runs a delayed job no earlier than its delay', async () => {
      let ranAt = 0;
      const { queue } = await startDriver({ 'calendar.sync': async () => void (ranAt = Date.now()) });

      const enqueuedAt = Date.now();
      await queue.enqueue('calendar.sync', { tenantId: 't1' }, { delayMs: 300 });
      await waitFor('the delayed job', () => ranAt > 0);

      expect(ranAt - enqueuedAt).toBeGreaterThanOrEqual(290);
    });

    it('runs a scheduled job now and then every interval, until the schedule is removed', async () => {
      const runs: string[] = [];
      const { queue } = await startDriver({ 'calendar.sync': async ({ tenantId }) => void runs.push(tenantId) });

      await queue.upsertSchedule('calendar-sync.t1', 'calendar.sync', { tenantId: 't1' }, 250);
      await waitFor('the first run', () => runs.length >= 1, 2_000);
      await waitFor('two more runs', () => runs.length >= 3, 3_000);
      await queue.removeSchedule('calendar.sync', 'calendar-sync.t1');
      await sleep(100);
      const runsWhenRemoved = runs.length;
      await sleep(600);

      expect(runs.every((tenantId) => tenantId === 't1')).toBe(true);
      expect(runs.length).toBe(runsWhenRemoved);
    });

    it('close() stops taking jobs and waits for the active one to finish', async () => {
      const started = deferred();
      let finished = false;
      const { queue, runner } = await startDriver(
        {
          'emails.send': async () => {
            started.resolve();
            await sleep(400);
            finished = true;
          },
        },
        {},
        { shutdownTimeoutMs: 5_000 },
      );

      await queue.enqueue('emails.send', { tenantId: 't1', template: 'booking-cancelled', bookingId: 'b1' });
      await started.promise;
      await runner.close();

      expect(finished).toBe(true);
    });

    it('close() gives up on a job still running after the shutdown timeout and aborts its signal', async () => {
      const started = deferred();
      let signal: AbortSignal | undefined;
      const failures = recordFinalFailures();
      const { queue, runner } = await startDriver(
        {
          'calendar.upsert-event': async (_payload, meta) => {
            signal = meta.signal;
            started.resolve();
            await new Promise((_, reject) => meta.signal.addEventListener('abort', () => reject(new Error('aborted'))));
          },
        },
        { onFinalFailure: failures.onFinalFailure },
        { shutdownTimeoutMs: 200, queues: { calendar: { attempts: 1 } } },
      );

      await queue.enqueue('calendar.upsert-event', { tenantId: 't1', bookingId: 'b1' });
      await started.promise;
      const closingAt = Date.now();
      await runner.close();

      expect(Date.now() - closingAt).toBeLessThan(2_000);
      expect(signal?.aborted).toBe(true);
      await sleep(50);
      // Abandoned, not failed: even on its only attempt, no final-failure hook.
      expect(failures.calls).toHaveLength(0);
    });
  });
}
