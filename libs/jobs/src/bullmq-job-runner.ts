import { QUEUE_NAMES, QUEUE_OF_JOB, type JobName, type JobPayloads, type QueueName } from '@mais/domain';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { quitOrDisconnect } from './bullmq-job-queue';
import type { JobHandlers, JobHooks, JobMeta } from './job-handlers';
import { JobRunner } from './job-runner';
import { resolveQueueSettings, type QueueSettingsOverrides, type ResolvedQueueSettings } from './queue-options';
import { createRedisConnection, isRedisConnectionError } from './redis-connection';
import { reportError, runJob } from './run-job';
import { settlesWithin } from './timeout';
import { isUnrecoverableJobError } from './unrecoverable-job.error';

export interface BullMqJobRunnerOptions {
  /**
   * A Redis URL (a worker connection is created, and closed by `close()`), or a connection from
   * `createRedisConnection(url, 'worker')` (left open by `close()`); BullMQ duplicates it for its blocking reads.
   */
  connection: string | Redis;
  /** Must match the producer's prefix. */
  prefix?: string;
  /** Only `concurrency` is read here; attempts and backoff travel with each job from the producer. */
  queues?: QueueSettingsOverrides;
  /**
   * Lock on an active job, renewed every half of it while the job runs. A worker killed without closing
   * leaves its jobs locked: they count as stalled, and run again, once the lock expires and the next
   * stalled check (every `stalledIntervalMs`) sees it. Defaults are BullMQ's: 30 s and 30 s.
   */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Times a job may stall and still be run again, instead of failing. Default 1 (BullMQ's). */
  maxStalledCount?: number;
  /**
   * How long `close()` waits for active jobs before abandoning them (they run again after their lock
   * expires). Keep it below the orchestrator's grace period (docker stop: 10 s). Default 8 s.
   */
  shutdownTimeoutMs?: number;
}

/** The consumer side on BullMQ: one `Worker` per queue that has at least one handler, dispatching by job name. */
export class BullMqJobRunner extends JobRunner {
  private readonly connection: Redis;
  private readonly ownsConnection: boolean;
  private readonly settings: ResolvedQueueSettings;
  private readonly workers = new Map<QueueName, Worker>();
  private handlers: JobHandlers = {};
  private hooks: JobHooks = {};
  private closing?: Promise<void>;

  constructor(private readonly options: BullMqJobRunnerOptions) {
    super();
    this.ownsConnection = typeof options.connection === 'string';
    this.connection = typeof options.connection === 'string' ? createRedisConnection(options.connection, 'worker') : options.connection;
    this.settings = resolveQueueSettings(options.queues);
  }

  /** Starts the workers and resolves once they are connected (it waits for Redis if it is down). */
  async start(handlers: JobHandlers, hooks: JobHooks = {}): Promise<void> {
    if (this.closing) throw new Error('BullMqJobRunner is closed');
    if (this.workers.size > 0) throw new Error('BullMqJobRunner is already started');
    this.handlers = handlers;
    this.hooks = hooks;
    const handled = new Set((Object.keys(handlers) as JobName[]).map((name) => QUEUE_OF_JOB[name]));
    for (const queue of QUEUE_NAMES.filter((name) => handled.has(name))) {
      const worker = new Worker(
        queue,
        // Three declared parameters: BullMQ passes the abort signal only to a processor that takes one.
        (job: Job, _token?: string, signal?: AbortSignal) => this.process(queue, job, signal),
        {
          connection: this.connection,
          prefix: this.options.prefix,
          concurrency: this.settings[queue].concurrency,
          lockDuration: this.options.lockDurationMs ?? 30_000,
          stalledInterval: this.options.stalledIntervalMs ?? 30_000,
          maxStalledCount: this.options.maxStalledCount ?? 1,
        },
      );
      worker.on('error', (error) => {
        // While disconnected every command fails; the connection reports the outage once (createRedisConnection).
        // The worker's blocking connection may notice a reset before the shared one's status changes.
        if (this.connection.status === 'ready' && !isRedisConnectionError(error)) reportError(this.hooks, error, `worker ${queue}`);
      });
      this.workers.set(queue, worker);
    }
    await Promise.all([...this.workers.values()].map((worker) => worker.waitUntilReady()));
  }

  /** Queues this runner takes jobs from. */
  get queueNames(): QueueName[] {
    return [...this.workers.keys()];
  }

  /**
   * Stops taking jobs and waits for the active ones, at most `shutdownTimeoutMs`. Then it drops the Redis
   * connections first (so an abandoned job cannot be recorded as failed or completed) and aborts the
   * handlers' signals; the abandoned jobs stay locked and run again once their lock expires.
   */
  async close(): Promise<void> {
    this.closing ??= (async () => {
      const workers = [...this.workers.values()];
      const closed = Promise.all(workers.map((worker) => worker.close()));
      const inTime = await settlesWithin(closed, this.options.shutdownTimeoutMs ?? 8_000);
      if (!inTime) {
        this.connection.disconnect();
        await Promise.allSettled(workers.map((worker) => worker.disconnect()));
        for (const worker of workers) worker.cancelAllJobs('shutdown timeout');
        closed.catch(() => undefined);
      }
      if (this.ownsConnection) await quitOrDisconnect(this.connection);
    })();
    return this.closing;
  }

  private async process(queue: QueueName, job: Job, signal: AbortSignal | undefined): Promise<void> {
    const maxAttempts = job.opts.attempts ?? 1;
    // attemptsMade counts finished attempts; a run cut short by a crash (stalled) is not one.
    const attempt = job.attemptsMade + 1;
    const meta: JobMeta = {
      jobId: job.id ?? '',
      name: job.name as JobName,
      queue,
      attempt,
      maxAttempts,
      isFinalAttempt: attempt >= maxAttempts,
      signal: signal ?? new AbortController().signal,
    };
    try {
      await runJob(this.handlers, this.hooks, job.data as JobPayloads[JobName], meta);
    } catch (error) {
      if (isUnrecoverableJobError(error) && !(error instanceof UnrecoverableError)) {
        // BullMQ skips the remaining attempts only for its own error class.
        const unrecoverable = new UnrecoverableError(`${(error as Error).name}: ${(error as Error).message}`);
        unrecoverable.stack = (error as Error).stack;
        throw unrecoverable;
      }
      throw error;
    }
  }
}
