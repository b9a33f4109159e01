import { Logger, OnModuleDestroy } from '@nestjs/common';
import type { JobFailure } from '@mais/jobs';
import { JobProcessorHost } from '@mais/jobs';

/**
 * A processor class owns the handlers of one queue (`@JobsProcessor(queue)`): a handler only reads its typed
 * payload, enters the tenant scope, and calls one service method: the same services the API uses. Errors
 * reach the queue, which retries. What every queue shares around an attempt is in JobProcessorHost.
 */
export abstract class JobProcessor extends JobProcessorHost implements OnModuleDestroy {
  private setUpRetry?: NodeJS.Timeout;
  private destroyed = false;

  /** Called once when one of this processor's jobs has failed for good (after its last attempt). */
  onFinalFailure?(failure: JobFailure): Promise<void>;

  /**
   * Start-up work that needs the queue (upserting a job scheduler), run in the background and retried every
   * `retryMs` until it succeeds: a worker whose Redis is down at start still starts. Retries end with the module.
   */
  protected setUpInBackground(what: string, retryMs: number, task: () => Promise<void>): void {
    const attempt = (): Promise<void> =>
      task().catch((error: unknown) => {
        if (this.destroyed) return;
        new Logger(this.constructor.name).warn(`Could not ${what}, retrying in ${retryMs / 1000} s: ${(error as Error).message}`);
        this.setUpRetry = setTimeout(() => void attempt(), retryMs);
        this.setUpRetry.unref();
      });
    void attempt();
  }

  onModuleDestroy(): void {
    this.destroyed = true;
    clearTimeout(this.setUpRetry);
  }
}

/** Multi-provider token under which every processor registers itself. */
export const JOB_PROCESSORS = Symbol('JOB_PROCESSORS');
