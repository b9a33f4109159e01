export { Cache, type CacheStats } from '@mais/domain';
export { cacheKey, PUBLIC_KEY_NAMESPACE, tenantNamespace, type CacheKeyQuery, type CacheNamespace } from './cache-keys';
export { getOrLoad, getOrLoadBody } from './get-or-load';
export { RedisCache, type RedisCacheOptions } from './redis.cache';
export { MemoryCache, type MemoryCacheOptions } from './memory.cache';
export { DisabledCache } from './disabled.cache';
export { createCache, type CacheConfig } from './create-cache';
export { CacheModule } from './cache.module';
