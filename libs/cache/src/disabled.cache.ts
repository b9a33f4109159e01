import { Cache, type CacheNamespace, type CacheStats } from '@mais/domain';

/**
 * `CACHE_ENABLED=false`: every read misses (and is counted), nothing is stored. Each `generation()` is new,
 * so `getOrLoad` never shares one load between requests either: the uncached path is measured as it is.
 */
export class DisabledCache extends Cache {
  private misses = 0;
  private loads = 0;

  async get(_namespace: CacheNamespace, _key: string): Promise<string | undefined> {
    this.misses++;
    return undefined;
  }

  async set(_namespace: CacheNamespace, _key: string, _value: string, _ttlSeconds: number): Promise<void> {}

  async delete(_namespace: CacheNamespace, _key: string): Promise<void> {}

  async invalidate(_namespace: CacheNamespace): Promise<void> {}

  async generation(_namespace: CacheNamespace): Promise<string> {
    return `disabled:${++this.loads}`;
  }

  async stats(): Promise<CacheStats> {
    return { connected: false, hits: 0, misses: this.misses, keys: 0 };
  }
}
