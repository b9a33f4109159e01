import type { JobFailure } from '@mais/jobs';
import { JobProcessorHost } from '@mais/jobs';

/**
 * A processor class owns the handlers of one queue (`@JobsProcessor(queue)`): a handler only reads its typed
 * payload, enters the tenant scope, and calls one service method: the same services the API uses. Errors
 * reach the queue, which retries. What every queue shares around an attempt is in JobProcessorHost.
 */
export abstract class JobProcessor extends JobProcessorHost {
  /** Called once when one of this processor's jobs has failed for good (after its last attempt). */
  onFinalFailure?(failure: JobFailure): Promise<void>;
}

/** Multi-provider token under which every processor registers itself. */
export const JOB_PROCESSORS = Symbol('JOB_PROCESSORS');
