import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JobName } from '@mais/domain';
import { JobHandler, JobHandlers, JobRunner } from '@mais/jobs';
import { Metrics } from '@mais/runtime';
import { JOB_PROCESSORS, JobProcessor } from './job-processor';

/** Registers every processor's handlers with the runner and starts taking jobs. */
@Injectable()
export class WorkerBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Worker');

  constructor(
    private readonly runner: JobRunner,
    @Inject(JOB_PROCESSORS) private readonly processors: JobProcessor[],
    private readonly metrics: Metrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const handlers: JobHandlers = {};
    const owner = new Map<JobName, JobProcessor>();
    for (const processor of this.processors) {
      for (const [name, handler] of Object.entries(processor.handlers()) as [JobName, JobHandlers[JobName]][]) {
        if (owner.has(name)) throw new Error(`Two processors handle ${name}`);
        owner.set(name, processor);
        (handlers as Record<string, unknown>)[name] = this.timed(handler as JobHandler<JobName>);
      }
    }
    await this.runner.start(handlers, {
      onFinalFailure: async (failure) => {
        this.logger.error(`Job ${failure.name} (${failure.meta.jobId}) failed for good: ${failure.error.message}`);
        await owner.get(failure.name)?.onFinalFailure?.(failure);
      },
      onAttemptFailed: (failure) => {
        this.metrics.jobFailures.inc({ queue: failure.meta.queue, job: failure.name, final: String(failure.meta.isFinalAttempt) });
        this.logger.warn(
          `Job ${failure.name} (${failure.meta.jobId}) attempt ${failure.meta.attempt}/${failure.meta.maxAttempts} failed: ${failure.error.message}`,
        );
      },
      onError: (error, context) => this.logger.error(`Queue error (${context}): ${error.message}`),
    });
    this.logger.log(`Taking jobs: ${[...owner.keys()].join(', ') || 'none'}`);
  }

  /** Times each attempt by queue, job name and outcome (the runner's hooks see only failures). */
  private timed(handler: JobHandler<JobName>): JobHandler<JobName> {
    return async (payload, meta) => {
      const stop = this.metrics.jobDuration.startTimer({ queue: meta.queue, job: meta.name });
      try {
        await handler(payload, meta);
        stop({ outcome: 'completed' });
      } catch (error) {
        stop({ outcome: 'failed' });
        throw error;
      }
    };
  }
}
