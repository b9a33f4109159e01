import type { JobFailure, JobHandlers } from '@mais/jobs';

/**
 * A processor owns the handlers of one queue. A handler only reads its typed payload, enters the tenant
 * scope, and calls one service method: the same services the API uses. Errors reach the queue, which retries.
 */
export abstract class JobProcessor {
  abstract handlers(): JobHandlers;

  /** Called once when one of this processor's jobs has failed for good (after its last attempt). */
  onFinalFailure?(failure: JobFailure): Promise<void>;
}

/** Multi-provider token under which every processor registers itself. */
export const JOB_PROCESSORS = Symbol('JOB_PROCESSORS');
