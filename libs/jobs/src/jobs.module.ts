import { BeforeApplicationShutdown, DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown, Optional } from '@nestjs/common';
import { JobQueue, QUEUE_NAMES } from '@mais/domain';
import { Settings } from '@mais/settings';
import { BullMqJobQueue } from './bullmq-job-queue';
import { BullMqJobRunner } from './bullmq-job-runner';
import { InProcessJobQueue } from './in-process-job-queue';
import { JobRunner } from './job-runner';
import { JobScheduler } from './job-scheduler';
import { QueueSettingsOverrides } from './queue-options';

export function queueOverrides(settings: Settings): QueueSettingsOverrides {
  const result: QueueSettingsOverrides = settings.jobBackoffBaseMs !== undefined ? { all: { backoffDelayMs: settings.jobBackoffBaseMs } } : {};
  for (const queue of QUEUE_NAMES) {
    const concurrency = settings.jobConcurrency[queue];
    if (concurrency !== undefined) result[queue] = { concurrency };
  }
  if (settings.webhookDeliveryAttempts !== undefined) result['tenant-webhooks'] = { ...result['tenant-webhooks'], attempts: settings.webhookDeliveryAttempts };
  return result;
}

@Injectable()
class JobsLifecycle implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly queue: JobQueue,
    @Optional() @Inject(JobRunner) private readonly runner?: JobRunner,
  ) {}

  /**
   * Stops consuming and lets the active jobs finish before any module's onApplicationShutdown: MikroORM
   * closes its connection pool there, and a job finishing after that could not record its outcome.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.runner?.close();
  }

  /** Then the producer, which the finishing jobs may still have enqueued on. */
  async onApplicationShutdown(): Promise<void> {
    await (this.queue as BullMqJobQueue | InProcessJobQueue).close();
  }
}

/**
 * The queues: BullMQ on Redis when REDIS_URL is set, else one in-process queue that is producer, runner
 * and scheduler at once. `consume: true` (the worker, or npm start) also provides the JobRunner.
 */
@Global()
@Module({})
export class JobsModule {
  static forRoot(options: { consume: boolean }): DynamicModule {
    const providers: DynamicModule['providers'] = [
      {
        provide: JobQueue,
        inject: [Settings],
        useFactory: (settings: Settings) =>
          settings.redisUrl
            ? new BullMqJobQueue({ connection: settings.redisUrl, prefix: settings.queuePrefix, queues: queueOverrides(settings) })
            : new InProcessJobQueue({ queues: queueOverrides(settings) }),
      },
      { provide: JobScheduler, useExisting: JobQueue },
      JobsLifecycle,
    ];
    if (options.consume) {
      providers.push({
        provide: JobRunner,
        inject: [Settings, JobQueue],
        useFactory: (settings: Settings, queue: JobQueue) =>
          settings.redisUrl
            ? new BullMqJobRunner({
                connection: settings.redisUrl,
                prefix: settings.queuePrefix,
                queues: queueOverrides(settings),
                lockDurationMs: settings.jobLockDurationMs,
                stalledIntervalMs: settings.jobStalledIntervalMs,
              })
            : (queue as InProcessJobQueue),
      });
    }
    return { module: JobsModule, providers, exports: [JobQueue, JobScheduler, ...(options.consume ? [JobRunner] : [])] };
  }
}
