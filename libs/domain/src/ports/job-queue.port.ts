import type { EnqueueOptions, JobName, JobPayloads } from '../jobs/job-map';

/** Enqueues background jobs. Adapters: BullMQ (with Redis) and in-process (without). */
export abstract class JobQueue {
  abstract enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: EnqueueOptions): Promise<void>;
}
