import {
  JobQueue,
  QUEUE_NAMES,
  QUEUE_OF_JOB,
  queueOfAll,
  type EnqueueOptions,
  type JobName,
  type JobPayloads,
  type JobToEnqueue,
  type QueueName,
} from '@mais/domain';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { assertValidJobId } from './job-id';
import { JobQueueUnavailableError } from './job-queue-unavailable.error';
import type { JobScheduler } from './job-scheduler';
import { resolveQueueSettings, type QueueSettings, type QueueSettingsOverrides, type ResolvedQueueSettings } from './queue-options';
import { createRedisConnection, isRedisConnectionError, pingRedis, waitForRedis, type RedisHealth } from './redis-connection';
import { withTimeout } from './timeout';

export interface BullMqJobQueueOptions {
  /**
   * A Redis URL (a producer connection is created, and closed by `close()`), or a connection from
   * `createRedisConnection(url, 'producer')` (left open by `close()`).
   */
  connection: string | Redis;
  /** BullMQ key prefix of every queue (default `bull`); the worker must use the same. Tests use a unique one. */
  prefix?: string;
  /** Attempts, backoff and retention stored with each job at enqueue time. */
  queues?: QueueSettingsOverrides;
  /**
   * Queues registered with BullModule (on `connection`, with `bullJobOptions` of their settings as default
   * job options), used instead of creating them; one that broke is replaced by a new one like it.
   */
  registered?: Partial<Record<QueueName, Queue>>;
  /** An enqueue (or schedule change) that has not succeeded by then rejects with JobQueueUnavailableError. Default 1500 ms. */
  enqueueTimeoutMs?: number;
  /**
   * Queue errors, and the first connection error of each outage of a connection created from a URL.
   * Default: console.error (queue) and console.warn (connection).
   */
  onError?: (error: Error, context: string) => void;
}

/**
 * The producer side on BullMQ: one `Queue` per queue name, created on first use. The job name is the
 * JobName, the payload is the job's data, and the queue's attempts/backoff/retention are the job options.
 */
export class BullMqJobQueue extends JobQueue implements JobScheduler {
  readonly prefix: string | undefined;
  private readonly connection: Redis;
  private readonly ownsConnection: boolean;
  private readonly settings: ResolvedQueueSettings;
  private readonly enqueueTimeoutMs: number;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly adopted = new Set<QueueName>();
  private closing?: Promise<void>;

  constructor(private readonly options: BullMqJobQueueOptions) {
    super();
    this.ownsConnection = typeof options.connection === 'string';
    this.connection =
      typeof options.connection === 'string'
        ? createRedisConnection(options.connection, 'producer', {
            onError: options.onError && ((error) => options.onError!(error, 'redis producer connection')),
          })
        : options.connection;
    this.prefix = options.prefix;
    this.settings = resolveQueueSettings(options.queues);
    this.enqueueTimeoutMs = options.enqueueTimeoutMs ?? 1_500;
  }

  /**
   * Adds the job. With `jobId`, a job with that id that is still waiting, delayed or active absorbs this
   * one; a finished job kept for the dashboard does not (it is removed first), so a replay re-runs it.
   * Rejects with JobQueueUnavailableError at once while Redis is known to be down, and after
   * `enqueueTimeoutMs` at the latest.
   */
  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<void> {
    if (options.jobId !== undefined) assertValidJobId(options.jobId);
    await this.withQueue(`enqueue ${name}`, QUEUE_OF_JOB[name], async (queue) => {
      if (options.jobId !== undefined) await makeWayForFinished(queue, [options.jobId]);
      await queue.add(name, payload, jobOptionsOf(options));
    });
  }

  /** The jobs of one queue, in order, in one `addBulk` (a MULTI: all or none), after one pipelined look at their ids. */
  override async enqueueAll(jobs: readonly JobToEnqueue[]): Promise<void> {
    const queueName = queueOfAll(jobs);
    if (!queueName) return;
    const ids = jobs.flatMap((job) => (job.options?.jobId === undefined ? [] : [job.options.jobId]));
    ids.forEach(assertValidJobId);
    await this.withQueue(`enqueue ${jobs.length} job(s)`, queueName, async (queue) => {
      await makeWayForFinished(queue, ids);
      await queue.addBulk(jobs.map((job) => ({ name: job.name, data: job.payload, opts: jobOptionsOf(job.options ?? {}) })));
    });
  }

  async upsertSchedule<N extends JobName>(scheduleId: string, name: N, payload: JobPayloads[N], everyMs: number): Promise<void> {
    assertValidJobId(scheduleId);
    const queueName = QUEUE_OF_JOB[name];
    await this.withQueue(`schedule ${name}`, queueName, async (queue) => {
      await queue.upsertJobScheduler(scheduleId, { every: everyMs }, { name, data: payload, opts: bullJobOptions(this.settings[queueName]) });
    });
  }

  async removeSchedule(name: JobName, scheduleId: string): Promise<void> {
    await this.withQueue(`unschedule ${name}`, QUEUE_OF_JOB[name], async (queue) => {
      await queue.removeJobScheduler(scheduleId);
    });
  }

  /** For readiness checks (`/health/ready`): never throws, answers within `timeoutMs`. */
  ping(timeoutMs = 1_000): Promise<RedisHealth> {
    return pingRedis(this.connection, timeoutMs);
  }

  /** The BullMQ queue behind a queue name, for a dashboard (bull-board) or inspection. */
  bullQueue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      const registered = this.adopted.has(name) ? undefined : this.options.registered?.[name];
      this.adopted.add(name);
      queue =
        registered ??
        new Queue(name, {
          connection: this.connection,
          prefix: this.prefix,
          defaultJobOptions: bullJobOptions(this.settings[name]),
        });
      queue.on('error', (error: Error) => {
        // While disconnected every command fails; the connection already reports the outage.
        if (this.connection.status === 'ready' && !isRedisConnectionError(error)) (this.options.onError ?? defaultOnError)(error, `queue ${name}`);
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Jobs per state in each queue, for metrics (a few Redis commands per queue). */
  async counts(): Promise<Record<QueueName, Record<JobCountState, number>>> {
    const entries = await Promise.all(QUEUE_NAMES.map(async (name) => [name, await this.bullQueue(name).getJobCounts(...JOB_COUNT_STATES)] as const));
    return Object.fromEntries(
      entries.map(([name, counts]) => [name, Object.fromEntries(JOB_COUNT_STATES.map((state) => [state, counts[state] ?? 0]))]),
    ) as Record<QueueName, Record<JobCountState, number>>;
  }

  async close(): Promise<void> {
    this.closing ??= (async () => {
      const queues = [...this.queues.values()];
      this.queues.clear();
      await Promise.allSettled(queues.map((queue) => queue.close()));
      if (this.ownsConnection) await quitOrDisconnect(this.connection);
    })();
    return this.closing;
  }

  /**
   * Runs `operation` on the queue, failing fast: at once while Redis is known to be down, after
   * `enqueueTimeoutMs` at the latest. Every failure is a JobQueueUnavailableError.
   */
  private async withQueue(what: string, queueName: QueueName, operation: (queue: Queue) => Promise<void>): Promise<void> {
    if (this.closing) throw new JobQueueUnavailableError(`Cannot ${what}: the job queue is closed`);
    const status = this.connection.status;
    if (status === 'reconnecting' || status === 'end' || status === 'close') {
      throw new JobQueueUnavailableError(`Cannot ${what}: Redis is unreachable (connection ${status})`);
    }
    const attempt = async () => {
      await waitForRedis(this.connection, this.enqueueTimeoutMs);
      await operation(this.bullQueue(queueName));
    };
    try {
      await withTimeout(attempt(), this.enqueueTimeoutMs, () => new Error(`no answer from Redis within ${this.enqueueTimeoutMs} ms`));
    } catch (error) {
      // A Queue whose first connection attempt failed stays broken: start afresh next time.
      this.dropQueue(queueName);
      const reason = error instanceof Error ? error.message : String(error);
      throw new JobQueueUnavailableError(`Cannot ${what}: ${reason}`, { cause: error });
    }
  }

  private dropQueue(name: QueueName): void {
    const queue = this.queues.get(name);
    if (!queue) return;
    this.queues.delete(name);
    queue.close().catch(() => undefined);
  }
}

/**
 * BullMQ ignores an add whose id is still stored, finished or not; the port promises dedup only against waiting,
 * delayed and active jobs, so a finished one makes way (e.g. replaying a FAILED webhook event). The lookups are
 * sent together (ioredis pipelines concurrent commands on a connection).
 */
async function makeWayForFinished(queue: Queue, jobIds: readonly string[]): Promise<void> {
  const states = await Promise.all(jobIds.map((id) => queue.getJobState(id)));
  const finished = jobIds.filter((_, i) => states[i] === 'completed' || states[i] === 'failed');
  await Promise.all(finished.map((id) => queue.remove(id)));
}

function jobOptionsOf(options: EnqueueOptions): JobsOptions {
  return { ...(options.jobId !== undefined ? { jobId: options.jobId } : {}), ...(options.delayMs ? { delay: options.delayMs } : {}) };
}

/** BullMQ job options of a queue: attempts, exponential backoff, retention. */
export function bullJobOptions(settings: QueueSettings): JobsOptions {
  return {
    attempts: settings.attempts,
    backoff: { type: 'exponential', delay: settings.backoffDelayMs },
    removeOnComplete: { count: settings.removeOnComplete.count, age: settings.removeOnComplete.ageSeconds },
    removeOnFail: { count: settings.removeOnFail.count, age: settings.removeOnFail.ageSeconds },
  };
}

export async function quitOrDisconnect(connection: Redis, timeoutMs = 1_000): Promise<void> {
  if (connection.status === 'end') return;
  if (connection.status !== 'ready') {
    connection.disconnect();
    return;
  }
  try {
    await withTimeout(connection.quit(), timeoutMs, () => new Error('QUIT timed out'));
  } catch {
    connection.disconnect();
  }
}

function defaultOnError(error: Error, context: string): void {
  console.error(`[jobs] ${context}:`, error);
}

/** The queue states reported as queue depth. */
export const JOB_COUNT_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type JobCountState = (typeof JOB_COUNT_STATES)[number];
