import type { QueueName } from '@mais/domain';
import type { JobHooks } from './job-handlers';
import type { JobProcessorHost } from './job-processor-host';

/**
 * The consuming side of the queues: runs the processor classes. Adapters: BullMqJobRunner (the BullMQ
 * workers of the processors, in a worker process) and InProcessJobQueue (same process as the producer,
 * calling the same processors' `process`). Doubles as a DI token.
 */
export abstract class JobRunner {
  /** Attaches the hooks to the processors (at most one per queue) and starts taking jobs (jobs enqueued earlier wait for this). */
  abstract start(processors: readonly JobProcessorHost[], hooks?: JobHooks): Promise<void>;

  /** Stops taking jobs and waits, up to the configured shutdown timeout, for the active ones. */
  abstract close(): Promise<void>;
}

/** The processors by queue; two for one queue would compete for its jobs with different handlers. */
export function processorsByQueue(processors: readonly JobProcessorHost[]): Map<QueueName, JobProcessorHost> {
  const byQueue = new Map<QueueName, JobProcessorHost>();
  for (const processor of processors) {
    const queue = processor.queueName;
    if (byQueue.has(queue)) throw new Error(`Two processors for queue ${queue}: ${byQueue.get(queue)!.constructor.name}, ${processor.constructor.name}`);
    byQueue.set(queue, processor);
  }
  return byQueue;
}
