import type { JobHandlers, JobHooks } from './job-handlers';

/**
 * The consuming side of the queues: runs the registered handlers. Adapters: BullMqJobRunner (a worker
 * process on Redis) and InProcessJobQueue (same process as the producer). Doubles as a DI token.
 */
export abstract class JobRunner {
  /** Registers the handlers and starts taking jobs (jobs enqueued earlier wait for this). */
  abstract start(handlers: JobHandlers, hooks?: JobHooks): Promise<void>;

  /** Stops taking jobs and waits, up to the configured shutdown timeout, for the active ones. */
  abstract close(): Promise<void>;
}
