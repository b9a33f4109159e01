import type { QueueName } from '@mais/domain';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { quitOrDisconnect } from './bullmq-job-queue';
import type { JobHooks } from './job-handlers';
import type { JobProcessorHost } from './job-processor-host';
import { JobRunner, processorsByQueue } from './job-runner';
import { resolveQueueSettings, type QueueSettingsOverrides, type ResolvedQueueSettings } from './queue-options';
import { createRedisConnection, isRedisConnectionError } from './redis-connection';
import { reportError } from './run-job';
import { settlesWithin } from './timeout';

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

/** The consumer side on BullMQ: one `Worker` per processor class (one per queue), calling its `process`. */
export class BullMqJobRunner extends JobRunner {
  private readonly connection: Redis;
  private readonly ownsConnection: boolean;
  private readonly settings: ResolvedQueueSettings;
  private readonly workers = new Map<QueueName, Worker>();
  private hooks: JobHooks = {};
  private closing?: Promise<void>;

  constructor(private readonly options: BullMqJobRunnerOptions) {
    super();
    this.ownsConnection = typeof options.connection === 'string';
    this.connection = typeof options.connection === 'string' ? createRedisConnection(options.connection, 'worker') : options.connection;
    this.settings = resolveQueueSettings(options.queues);
  }

  /**
   * Starts the processors' BullMQ workers and resolves once they are connected (it waits for Redis if it is
   * down). In an app, BullModule created each worker for its `@JobsProcessor` class, not yet running; here
   * its concurrency and lock settings are applied before it takes a job. Outside Nest (the library's tests)
   * there is no such worker, and the runner creates one the same way.
   */
  async start(processors: readonly JobProcessorHost[], hooks: JobHooks = {}): Promise<void> {
    if (this.closing) throw new Error('BullMqJobRunner is closed');
    if (this.workers.size > 0) throw new Error('BullMqJobRunner is already started');
    this.hooks = hooks;
    for (const [queue, processor] of processorsByQueue(processors)) {
      processor.attach(hooks);
      const worker =
        processor.bullWorker() ??
        // Three declared parameters: BullMQ passes the abort signal only to a processor that takes one.
        new Worker(queue, (job: Job, token?: string, signal?: AbortSignal) => processor.process(job, token, signal), {
          connection: this.connection,
          prefix: this.options.prefix,
          autorun: false,
        });
      if (worker.isRunning()) throw new Error(`The worker of queue ${queue} runs already: its @Processor needs autorun: false (@JobsProcessor)`);
      worker.concurrency = this.settings[queue].concurrency;
      // Read when the worker starts running (stalled checks) and at each lock renewal.
      Object.assign(worker.opts, {
        lockDuration: this.options.lockDurationMs ?? 30_000,
        stalledInterval: this.options.stalledIntervalMs ?? 30_000,
        maxStalledCount: this.options.maxStalledCount ?? 1,
      });
      worker.on('error', (error) => {
        // While disconnected every command fails; the connection reports the outage once (createRedisConnection).
        // The worker's blocking connection may notice a reset before the shared one's status changes.
        if (this.connection.status === 'ready' && !isRedisConnectionError(error)) reportError(this.hooks, error, `worker ${queue}`);
      });
      this.workers.set(queue, worker);
    }
    for (const [queue, worker] of this.workers) {
      worker.run().catch((error: unknown) => reportError(this.hooks, error, `worker ${queue}`));
    }
    await Promise.all([...this.workers.values()].map((worker) => worker.waitUntilReady()));
  }

  /** The running worker of a queue, for inspection. */
  worker(queue: QueueName): Worker | undefined {
    return this.workers.get(queue);
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
}
