import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { Settings } from '@mais/settings';

/** The API's shared Redis connection, or null when REDIS_URL is not set (in-memory mode). */
export const REDIS = Symbol('REDIS');
export const InjectRedis = () => Inject(REDIS);

class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [Settings],
      useFactory: (settings: Settings): Redis | null =>
        settings.redisUrl
          ? // Fail fast while Redis is down instead of queueing commands behind a request.
            new Redis(settings.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: false })
          : null,
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
