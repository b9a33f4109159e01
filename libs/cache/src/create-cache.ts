import type { Cache } from '@mais/domain';
import { DisabledCache } from './disabled.cache';
import { MemoryCache, type MemoryCacheOptions } from './memory.cache';
import { RedisCache, type RedisCacheOptions } from './redis.cache';

export interface CacheConfig {
  /** `CACHE_ENABLED`; false selects DisabledCache. */
  enabled: boolean;
  /** `REDIS_URL`; without it the cache lives in this process. */
  redisUrl?: string;
  redis?: Omit<RedisCacheOptions, 'url'>;
  memory?: MemoryCacheOptions;
}

/** The adapter the configuration asks for: disabled, else Redis when a URL is given, else in-memory. */
export function createCache(config: CacheConfig): Cache {
  if (!config.enabled) return new DisabledCache();
  if (config.redisUrl) return new RedisCache({ ...config.redis, url: config.redisUrl });
  return new MemoryCache(config.memory);
}
