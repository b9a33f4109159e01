import { QUEUE_OF_JOB, type EnqueueOptions, type JobName, type JobPayloads, type QueueName } from '../jobs/job-map';

/** One job to enqueue; the name binds the payload's type. */
export type JobToEnqueue = { [N in JobName]: { name: N; payload: JobPayloads[N]; options?: EnqueueOptions } }[JobName];

/** Enqueues background jobs. Adapters: BullMQ (with Redis) and in-process (without). */
export abstract class JobQueue {
  abstract enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: EnqueueOptions): Promise<void>;

  /**
   * Enqueues jobs of one queue, in order, with the rules of `enqueue`. An adapter that can send them together does
   * (BullMQ: two round trips for the lot instead of two per job, all added or none); this default adds one by one.
   */
  async enqueueAll(jobs: readonly JobToEnqueue[]): Promise<void> {
    queueOfAll(jobs);
    for (const job of jobs) await this.enqueue(job.name, job.payload, job.options);
  }
}

/** The one queue of `jobs` (undefined for none); jobs of two queues are a programming error. */
export function queueOfAll(jobs: readonly JobToEnqueue[]): QueueName | undefined {
  const queue = jobs.length > 0 ? QUEUE_OF_JOB[jobs[0].name] : undefined;
  const stray = jobs.find((job) => QUEUE_OF_JOB[job.name] !== queue);
  if (stray) throw new Error(`enqueueAll takes the jobs of one queue: ${stray.name} is not on ${queue}`);
  return queue;
}
