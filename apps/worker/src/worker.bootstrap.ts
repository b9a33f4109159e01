import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JobName } from '@mais/domain';
import { JobRunner } from '@mais/jobs';
import { Metrics } from '@mais/runtime';
import { JOB_PROCESSORS, JobProcessor } from './job-processor';

/** Hands the processor classes to the runner, with the logging and metrics of every attempt, and starts taking jobs. */
@Injectable()
export class WorkerBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Worker');

  constructor(
    private readonly runner: JobRunner,
    @Inject(JOB_PROCESSORS) private readonly processors: JobProcessor[],
    private readonly metrics: Metrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const owner = new Map<JobName, JobProcessor>();
    for (const processor of this.processors) {
      for (const name of Object.keys(processor.handlers()) as JobName[]) {
        if (owner.has(name)) throw new Error(`Two processors handle ${name}`);
        owner.set(name, processor);
      }
    }
    await this.runner.start(this.processors, {
      // Times each attempt by queue, job name and outcome (the other hooks see only failures).
      onAttemptStart: (meta) => {
        const stop = this.metrics.jobDuration.startTimer({ queue: meta.queue, job: meta.name });
        return (outcome) => void stop({ outcome });
      },
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
}
