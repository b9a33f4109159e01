import { JobQueue, QUEUE_NAMES, QUEUE_OF_JOB, type EnqueueOptions, type JobName, type JobPayloads, type QueueName } from '@mais/domain';
import { randomUUID } from 'node:crypto';
import { AsyncResource } from 'node:async_hooks';
import type { JobHooks, JobMeta } from './job-handlers';
import type { JobProcessorHost, ProcessableJob } from './job-processor-host';
import { assertValidJobId } from './job-id';
import { JobQueueUnavailableError } from './job-queue-unavailable.error';
import { processorsByQueue, type JobRunner } from './job-runner';
import type { JobScheduler } from './job-scheduler';
import { exponentialBackoffDelay, resolveQueueSettings, type QueueSettingsOverrides, type ResolvedQueueSettings } from './queue-options';
import { runJob } from './run-job';
import { settlesWithin } from './timeout';
import { isUnrecoverableJobError } from './unrecoverable-job.error';

export interface InProcessJobQueueOptions {
  /** The same attempts, backoff and concurrency settings as the BullMQ driver. */
  queues?: QueueSettingsOverrides;
  /** How long `close()` waits for active jobs before aborting their signals. Default 8 s. */
  shutdownTimeoutMs?: number;
}

export interface InProcessJobCounts {
  waiting: number;
  delayed: number;
  active: number;
}

interface PendingJob {
  key: string;
  id: string;
  name: JobName;
  queue: QueueName;
  payload: JobPayloads[JobName];
  attemptsMade: number;
  state: 'delayed' | 'waiting' | 'active';
  cancelTimer?: () => void;
  abort?: AbortController;
}

/**
 * Producer and runner in one, for `npm start` without Redis: the same handlers, attempts, exponential
 * backoff, jobId dedup (while a job is waiting, delayed or active) and UnrecoverableJobError semantics as
 * BullMQ, in memory. Jobs not yet finished are lost when the process exits; the webhook sweep re-enqueues
 * stored events, and nothing else here is money.
 */
export class InProcessJobQueue extends JobQueue implements JobRunner, JobScheduler {
  private readonly settings: ResolvedQueueSettings;
  private readonly jobs = new Map<string, PendingJob>();
  private readonly ready = new Map<QueueName, PendingJob[]>(QUEUE_NAMES.map((queue) => [queue, []]));
  private readonly activeCount = new Map<QueueName, number>(QUEUE_NAMES.map((queue) => [queue, 0]));
  private readonly running = new Set<Promise<void>>();
  private readonly schedules = new Map<string, NodeJS.Timeout>();
  private idleWaiters: Array<() => void> = [];
  private processors?: Map<QueueName, JobProcessorHost>;
  private hooks: JobHooks = {};
  private closing?: Promise<void>;
  /**
   * Timers are armed in the async context of the queue's creation, never the enqueuer's: a handler must
   * not run inside the HTTP request's MikroORM context (AsyncLocalStorage) or transaction.
   */
  private readonly scope = new AsyncResource('InProcessJobQueue');

  constructor(private readonly options: InProcessJobQueueOptions = {}) {
    super();
    this.settings = resolveQueueSettings(options.queues);
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<void> {
    if (this.closing) throw new JobQueueUnavailableError('The in-process job queue is closed');
    const queue = QUEUE_OF_JOB[name];
    if (!queue) throw new Error(`Unknown job name "${name}"`);
    if (options.jobId !== undefined) assertValidJobId(options.jobId);
    const id = options.jobId ?? randomUUID();
    const key = `${queue}/${id}`;
    if (this.jobs.has(key)) return;
    const job: PendingJob = {
      key,
      id,
      name,
      queue,
      // Like a job stored in Redis: the handler gets a copy, and what JSON cannot carry fails here.
      payload: JSON.parse(JSON.stringify(payload)) as JobPayloads[N],
      attemptsMade: 0,
      state: 'delayed',
    };
    this.jobs.set(key, job);
    this.schedule(job, options.delayMs ?? 0);
  }

  /** Takes jobs with the processor classes the BullMQ workers would run, calling their `process` itself. */
  async start(processors: readonly JobProcessorHost[], hooks: JobHooks = {}): Promise<void> {
    if (this.closing) throw new Error('InProcessJobQueue is closed');
    if (this.processors) throw new Error('InProcessJobQueue is already started');
    const byQueue = processorsByQueue(processors);
    for (const processor of byQueue.values()) processor.attach(hooks);
    this.processors = byQueue;
    this.hooks = hooks;
    for (const queue of QUEUE_NAMES) this.pump(queue);
  }

  async upsertSchedule<N extends JobName>(scheduleId: string, name: N, payload: JobPayloads[N], everyMs: number): Promise<void> {
    if (this.closing) throw new JobQueueUnavailableError('The in-process job queue is closed');
    assertValidJobId(scheduleId);
    await this.removeSchedule(name, scheduleId);
    // One job id per schedule: a tick while the previous run is still pending is absorbed, as in BullMQ.
    const tick = () => this.enqueue(name, payload, { jobId: `schedule.${scheduleId}` }).catch(() => undefined);
    await tick();
    this.scope.runInAsyncScope(() => {
      this.schedules.set(
        `${QUEUE_OF_JOB[name]}/${scheduleId}`,
        setInterval(() => void tick(), everyMs),
      );
    });
  }

  async removeSchedule(name: JobName, scheduleId: string): Promise<void> {
    const key = `${QUEUE_OF_JOB[name]}/${scheduleId}`;
    clearInterval(this.schedules.get(key));
    this.schedules.delete(key);
  }

  /** Resolves when no job is waiting, delayed (for a retry) or active. */
  idle(): Promise<void> {
    if (this.jobs.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  counts(): InProcessJobCounts {
    const counts: InProcessJobCounts = { waiting: 0, delayed: 0, active: 0 };
    for (const job of this.jobs.values()) counts[job.state] += 1;
    return counts;
  }

  /**
   * Stops accepting jobs, drops the waiting and delayed ones (lost, as on process exit) and waits up to
   * `shutdownTimeoutMs` for the active ones; after that their signals are aborted and close() returns.
   */
  async close(): Promise<void> {
    this.closing ??= (async () => {
      for (const interval of this.schedules.values()) clearInterval(interval);
      this.schedules.clear();
      let dropped = 0;
      for (const job of [...this.jobs.values()]) {
        if (job.state === 'active') continue;
        job.cancelTimer?.();
        this.jobs.delete(job.key);
        dropped += 1;
      }
      for (const queue of QUEUE_NAMES) this.ready.set(queue, []);
      if (dropped > 0) console.warn(`[jobs] in-process queue closed: ${dropped} waiting or delayed job(s) dropped`);
      const inTime = await settlesWithin(Promise.allSettled([...this.running]), this.options.shutdownTimeoutMs ?? 8_000);
      if (!inTime) {
        for (const job of this.jobs.values()) job.abort?.abort(new Error('shutdown timeout'));
      }
      this.resolveIdleWaiters();
      this.scope.emitDestroy();
    })();
    return this.closing;
  }

  private schedule(job: PendingJob, delayMs: number): void {
    job.state = 'delayed';
    this.scope.runInAsyncScope(() => {
      // Even without a delay, never in the enqueuer's call stack.
      if (delayMs > 0) {
        const timer = setTimeout(() => this.makeReady(job), delayMs);
        job.cancelTimer = () => clearTimeout(timer);
      } else {
        const immediate = setImmediate(() => this.makeReady(job));
        job.cancelTimer = () => clearImmediate(immediate);
      }
    });
  }

  private makeReady(job: PendingJob): void {
    job.cancelTimer = undefined;
    if (this.closing) return;
    job.state = 'waiting';
    this.ready.get(job.queue)!.push(job);
    this.pump(job.queue);
  }

  private pump(queue: QueueName): void {
    if (!this.processors || this.closing) return;
    const waiting = this.ready.get(queue)!;
    while (waiting.length > 0 && this.activeCount.get(queue)! < this.settings[queue].concurrency) {
      this.run(waiting.shift()!);
    }
  }

  private run(job: PendingJob): void {
    job.state = 'active';
    job.abort = new AbortController();
    this.activeCount.set(job.queue, this.activeCount.get(job.queue)! + 1);
    const maxAttempts = this.settings[job.queue].attempts;
    const attempt = job.attemptsMade + 1;
    const signal = job.abort.signal;
    // The fields of a BullMQ Job that processors read.
    const bullLike: ProcessableJob = { id: job.id, name: job.name, data: job.payload, attemptsMade: job.attemptsMade, opts: { attempts: maxAttempts } };
    // A job of a queue no processor takes fails at once (runJob finds no handler) and the hooks are told.
    const processor = this.processors!.get(job.queue);
    const running: Promise<void> = (
      processor ? processor.process(bullLike, undefined, signal) : runJob({}, this.hooks, job.payload, { ...metaOf(job, attempt, maxAttempts), signal })
    )
      .then(
        () => this.finish(job),
        (error: unknown) => {
          job.attemptsMade = attempt;
          const retry = !signal.aborted && attempt < maxAttempts && !isUnrecoverableJobError(error) && !this.closing;
          if (!retry) return this.finish(job);
          this.activeCount.set(job.queue, this.activeCount.get(job.queue)! - 1);
          job.abort = undefined;
          this.schedule(job, exponentialBackoffDelay(this.settings[job.queue].backoffDelayMs, attempt));
          this.pump(job.queue);
        },
      )
      .finally(() => this.running.delete(running));
    this.running.add(running);
  }

  private finish(job: PendingJob): void {
    this.activeCount.set(job.queue, this.activeCount.get(job.queue)! - 1);
    this.jobs.delete(job.key);
    this.pump(job.queue);
    if (this.jobs.size === 0) this.resolveIdleWaiters();
  }

  private resolveIdleWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function metaOf(job: PendingJob, attempt: number, maxAttempts: number): Omit<JobMeta, 'signal'> {
  return { jobId: job.id, name: job.name, queue: job.queue, attempt, maxAttempts, isFinalAttempt: attempt >= maxAttempts };
}
