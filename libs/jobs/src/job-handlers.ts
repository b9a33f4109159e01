import type { JobName, JobPayloads, QueueName } from '@mais/domain';

/** What a handler knows about the run it is in. */
export interface JobMeta {
  jobId: string;
  name: JobName;
  queue: QueueName;
  /** 1 for the first run, 2 for the first retry, … */
  attempt: number;
  maxAttempts: number;
  /** No retry follows if this attempt fails. */
  isFinalAttempt: boolean;
  /**
   * Aborted when shutdown stops waiting for this job. The run is then abandoned, not failed: BullMQ runs
   * it again after its lock expires; in-process mode loses it. Pass it to fetch() and the like.
   */
  signal: AbortSignal;
}

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], meta: JobMeta) => Promise<void>;

/** One handler per job name; a job whose name has none fails without retries. */
export type JobHandlers = { [N in JobName]?: JobHandler<N> };

/** A failed run; checking `name` narrows `payload` (`if (failure.name === 'webhooks.process') failure.payload.webhookEventId`). */
export type JobFailure = { [N in JobName]: { name: N; payload: JobPayloads[N]; error: Error; meta: JobMeta } }[JobName];

export interface JobHooks {
  /**
   * Runs once a job has failed for good: after its last attempt, or at once on UnrecoverableJobError;
   * e.g. marks a webhook event FAILED. Runs before the job is recorded as failed, so a crash in between
   * runs it again: keep it idempotent. An error it throws is reported to `onError`, never retried.
   */
  onFinalFailure?: (failure: JobFailure) => Promise<void> | void;
  /** Every attempt as it starts; the function it returns is told the outcome (a duration metric). Synchronous. */
  onAttemptStart?: (meta: JobMeta) => ((outcome: 'completed' | 'failed') => void) | void;
  /** Every failed attempt, final or not (logging, metrics). Synchronous; errors it throws are reported to `onError`. */
  onAttemptFailed?: (failure: JobFailure) => void;
  /** Errors outside any handler: Redis connection errors, a failing hook. Default: console.error. */
  onError?: (error: Error, context: string) => void;
}
