import { BeforeApplicationShutdown, DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown, Optional } from '@nestjs/common';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { JobQueue, QUEUE_NAMES, type QueueName } from '@mais/domain';
import { Settings } from '@mais/settings';
import { BullMqJobQueue, bullJobOptions, quitOrDisconnect } from './bullmq-job-queue';
import { BullMqJobRunner } from './bullmq-job-runner';
import { InProcessJobQueue } from './in-process-job-queue';
import { JobRunner } from './job-runner';
import { JobScheduler } from './job-scheduler';
import { QueueSettingsOverrides, resolveQueueSettings } from './queue-options';
import { createRedisConnection } from './redis-connection';

export function queueOverrides(settings: Settings): QueueSettingsOverrides {
  const result: QueueSettingsOverrides = settings.jobBackoffBaseMs !== undefined ? { all: { backoffDelayMs: settings.jobBackoffBaseMs } } : {};
  for (const queue of QUEUE_NAMES) {
    const concurrency = settings.jobConcurrency[queue];
    if (concurrency !== undefined) result[queue] = { concurrency };
  }
  if (settings.webhookDeliveryAttempts !== undefined) result['tenant-webhooks'] = { ...result['tenant-webhooks'], attempts: settings.webhookDeliveryAttempts };
  return result;
}

/** The Redis connection BullModule's queues and workers share (BullMQ duplicates it for each worker's blocking reads). */
const JOBS_REDIS = Symbol('JOBS_REDIS');

@Injectable()
class JobsLifecycle implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly queue: JobQueue,
    @Optional() @Inject(JobRunner) private readonly runner?: JobRunner,
    @Optional() @Inject(JOBS_REDIS) private readonly redis?: Redis,
  ) {}

  /**
   * Stops consuming and lets the active jobs finish before any module's onApplicationShutdown: MikroORM
   * closes its connection pool there, and a job finishing after that could not record its outcome.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.runner?.close();
  }

  /** Then the producer, which the finishing jobs may still have enqueued on, and the connection under both. */
  async onApplicationShutdown(): Promise<void> {
    await (this.queue as BullMqJobQueue | InProcessJobQueue).close();
    if (this.redis) await quitOrDisconnect(this.redis);
  }
}

/**
 * The queues: BullMQ on Redis when REDIS_URL is set (the connection registered with `BullModule.forRootAsync`,
 * each queue with `BullModule.registerQueueAsync`), else one in-process queue that is producer, runner and
 * scheduler at once. `consume: true` (the worker, or npm start) also provides the JobRunner, which starts the
 * `@JobsProcessor` classes (apps/worker): their BullMQ workers on Redis, their `process` in-process.
 * `redis` is decided when the module is built: the given settings' REDIS_URL, else the environment's.
 */
@Global()
@Module({})
export class JobsModule {
  static forRoot(options: { consume: boolean; settings?: Settings }): DynamicModule {
    const redis = options.settings ? !!options.settings.redisUrl : !!process.env.REDIS_URL?.trim();
    return redis ? JobsModule.onRedis(options.consume) : JobsModule.inProcess(options.consume);
  }

  private static inProcess(consume: boolean): DynamicModule {
    const providers: DynamicModule['providers'] = [
      { provide: JobQueue, inject: [Settings], useFactory: (settings: Settings) => new InProcessJobQueue({ queues: queueOverrides(settings) }) },
      { provide: JobScheduler, useExisting: JobQueue },
      JobsLifecycle,
      ...(consume ? [{ provide: JobRunner, useExisting: JobQueue }] : []),
    ];
    return { module: JobsModule, providers, exports: [JobQueue, JobScheduler, ...(consume ? [JobRunner] : [])] };
  }

  private static onRedis(consume: boolean): DynamicModule {
    // A worker process's connection waits out Redis outages (BullMQ requires it for workers); an API's fails
    // fast so a request is not held up. The queue driver fails fast on both (status check, enqueue timeout).
    const connection: DynamicModule = {
      module: JobsRedisModule,
      providers: [
        {
          provide: JOBS_REDIS,
          inject: [Settings],
          useFactory: (settings: Settings) => createRedisConnection(requireRedisUrl(settings), consume ? 'worker' : 'producer'),
        },
      ],
      exports: [JOBS_REDIS],
    };
    const queueTokens = QUEUE_NAMES.map((name) => getQueueToken(name));
    const providers: DynamicModule['providers'] = [
      {
        provide: JobQueue,
        inject: [Settings, JOBS_REDIS, ...queueTokens],
        useFactory: (settings: Settings, redis: Redis, ...queues: Queue[]) =>
          new BullMqJobQueue({
            connection: redis,
            prefix: settings.queuePrefix,
            queues: queueOverrides(settings),
            registered: Object.fromEntries(QUEUE_NAMES.map((name, i) => [name, queues[i]])) as Record<QueueName, Queue>,
          }),
      },
      { provide: JobScheduler, useExisting: JobQueue },
      JobsLifecycle,
    ];
    if (consume) {
      providers.push({
        provide: JobRunner,
        inject: [Settings, JOBS_REDIS],
        useFactory: (settings: Settings, redis: Redis) =>
          new BullMqJobRunner({
            connection: redis,
            prefix: settings.queuePrefix,
            queues: queueOverrides(settings),
            lockDurationMs: settings.jobLockDurationMs,
            stalledIntervalMs: settings.jobStalledIntervalMs,
          }),
      });
    }
    return {
      module: JobsModule,
      imports: [
        connection,
        BullModule.forRootAsync({
          imports: [connection],
          inject: [Settings, JOBS_REDIS],
          useFactory: (settings: Settings, redis: Redis) => ({ connection: redis, prefix: settings.queuePrefix }),
        }),
        BullModule.registerQueueAsync(
          ...QUEUE_NAMES.map((name) => ({
            name,
            inject: [Settings],
            useFactory: (settings: Settings) => ({ defaultJobOptions: bullJobOptions(resolveQueueSettings(queueOverrides(settings))[name]) }),
          })),
        ),
      ],
      providers,
      exports: [JobQueue, JobScheduler, BullModule, ...(consume ? [JobRunner] : [])],
    };
  }
}

/** Holds the shared Redis connection of the queues (one dynamic module object, imported by JobsModule and BullModule's root). */
@Module({})
class JobsRedisModule {}

function requireRedisUrl(settings: Settings): string {
  if (!settings.redisUrl) throw new Error('JobsModule was built for Redis, but the settings have no REDIS_URL');
  return settings.redisUrl;
}
