import { QUEUE_OF_JOB, type JobName, type JobPayloads, type QueueName } from '@mais/domain';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { UnrecoverableError } from 'bullmq';
import type { JobHandlers, JobHooks, JobMeta } from './job-handlers';
import { runJob } from './run-job';
import { isUnrecoverableJobError } from './unrecoverable-job.error';

const QUEUE_OF_PROCESSOR = Symbol('mais:processor-queue');

/**
 * The fields of a job a processor reads: a BullMQ `Job` has them, and the in-process driver builds an
 * object with the same ones, so both drivers call the same `process`.
 */
export interface ProcessableJob {
  id?: string;
  name: string;
  data: unknown;
  /** Finished attempts; a run cut short by a crash (stalled) is not one. */
  attemptsMade: number;
  opts: { attempts?: number };
}

/**
 * `@Processor(queue)` of @nestjs/bullmq, created with `autorun: false`: the JobRunner applies the queue's
 * concurrency and lock settings before the worker takes its first job. Also records the queue for the
 * in-process driver, which has no BullMQ worker.
 */
export function JobsProcessor(queue: QueueName): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(QUEUE_OF_PROCESSOR, queue, target);
    Processor(queue, { autorun: false })(target);
  };
}

/**
 * Base of every processor class: one queue's handlers, and around each attempt what every queue shares
 * (the attempt's meta, the runner's hooks for logging, metrics and final failures, BullMQ's unrecoverable
 * error). BullMQ's Worker calls `process`, and so does the in-process driver.
 */
export abstract class JobProcessorHost extends WorkerHost {
  private handlerMap: JobHandlers = {};
  private hooks: JobHooks = {};

  /** One handler per job name of this processor's queue. */
  abstract handlers(): JobHandlers;

  get queueName(): QueueName {
    const queue = Reflect.getMetadata(QUEUE_OF_PROCESSOR, this.constructor) as QueueName | undefined;
    if (!queue) throw new Error(`${this.constructor.name} has no @JobsProcessor(queue) decorator`);
    return queue;
  }

  /** Called by the runner before any job runs. */
  attach(hooks: JobHooks): void {
    const handlers = this.handlers();
    for (const name of Object.keys(handlers) as JobName[]) {
      if (QUEUE_OF_JOB[name] !== this.queueName) throw new Error(`${this.constructor.name} (queue ${this.queueName}) cannot handle ${name}`);
    }
    this.handlerMap = handlers;
    this.hooks = hooks;
  }

  /** Three declared parameters: BullMQ passes the abort signal only to a processor that takes one. */
  async process(job: ProcessableJob, _token?: string, signal?: AbortSignal): Promise<void> {
    const maxAttempts = job.opts.attempts ?? 1;
    const attempt = job.attemptsMade + 1;
    const meta: JobMeta = {
      jobId: job.id ?? '',
      name: job.name as JobName,
      queue: this.queueName,
      attempt,
      maxAttempts,
      isFinalAttempt: attempt >= maxAttempts,
      signal: signal ?? new AbortController().signal,
    };
    try {
      await runJob(this.handlerMap, this.hooks, job.data as JobPayloads[JobName], meta);
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

  /** The BullMQ worker @nestjs/bullmq created for this class, if a BullModule did (none in-process, none outside Nest). */
  bullWorker(): WorkerHost['worker'] | undefined {
    try {
      return this.worker;
    } catch {
      return undefined;
    }
  }
}

/** Processors for a handler map, one per queue it covers (library tests, scripts: no Nest needed). */
export function processorsFor(handlers: JobHandlers): JobProcessorHost[] {
  const byQueue = new Map<QueueName, JobHandlers>();
  for (const [name, handler] of Object.entries(handlers) as [JobName, JobHandlers[JobName]][]) {
    const queue = QUEUE_OF_JOB[name];
    byQueue.set(queue, { ...byQueue.get(queue), [name]: handler });
  }
  return [...byQueue].map(([queue, queueHandlers]) => {
    @JobsProcessor(queue)
    class HandlerMapProcessor extends JobProcessorHost {
      handlers(): JobHandlers {
        return queueHandlers;
      }
    }
    return new HandlerMapProcessor();
  });
}
