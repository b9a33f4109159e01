import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Cache } from '@mais/domain';
import { Settings } from '@mais/settings';
import { createCache } from './create-cache';

/**
 * Closes the Redis connection at application shutdown, after the HTTP server has stopped taking requests
 * (onModuleDestroy would close it while requests still arrive, turning their hits into database reads).
 */
@Injectable()
class CacheCloser implements OnApplicationShutdown {
  constructor(@Inject(Cache) private readonly cache: Cache) {}
  async onApplicationShutdown(): Promise<void> {
    await (this.cache as Cache & { close?: () => Promise<void> }).close?.();
  }
}

/** Provides the Cache port: Redis when REDIS_URL is set, in-memory otherwise, a no-op with CACHE_ENABLED=false. */
@Global()
@Module({
  providers: [
    {
      provide: Cache,
      inject: [Settings],
      useFactory: (s: Settings) =>
        createCache({
          enabled: s.cacheEnabled,
          redisUrl: s.redisUrl,
          redis: { keyPrefix: `${s.queuePrefix}:`, localCopyMaxBytes: s.cacheLocalCopyBytes },
        }),
    },
    CacheCloser,
  ],
  exports: [Cache],
})
export class CacheModule {}
