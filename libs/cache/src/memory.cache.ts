import { LRUCache } from 'lru-cache';
import { Cache, type CacheNamespace, type CacheStats } from '@mais/domain';

export interface MemoryCacheOptions {
  /** Most entries kept; the least recently used go first. */
  maxEntries?: number;
  /** Most UTF-16 code units of keys and values kept in total (≈ bytes × 2 for ASCII JSON). */
  maxSize?: number;
}

interface Entry {
  namespace: CacheNamespace;
  value: string;
}

/** Separates namespace and key in the LRU's key; neither contains NUL. */
const SEP = '\0';

/**
 * An in-process LRU for a single API instance (no REDIS_URL). Each namespace keeps the set of its LRU
 * keys, so invalidating a tenant costs the number of that tenant's entries, not a scan of the cache.
 */
export class MemoryCache extends Cache {
  private readonly lru: LRUCache<string, Entry>;
  private readonly byNamespace = new Map<CacheNamespace, Set<string>>();
  private readonly generations = new Map<CacheNamespace, number>();
  private hits = 0;
  private misses = 0;

  constructor(options: MemoryCacheOptions = {}) {
    super();
    this.lru = new LRUCache<string, Entry>({
      max: options.maxEntries ?? 10_000,
      maxSize: options.maxSize ?? 64 * 1024 * 1024,
      sizeCalculation: (entry, lruKey) => entry.value.length + lruKey.length || 1,
      // Whatever removes an entry (eviction, expiry, delete, oversize), the namespace index follows.
      dispose: (entry, lruKey, reason) => {
        if (reason !== 'set') this.untrack(entry.namespace, lruKey);
      },
    });
  }

  async get(namespace: CacheNamespace, key: string): Promise<string | undefined> {
    const entry = this.lru.get(namespace + SEP + key);
    if (entry === undefined) this.misses++;
    else this.hits++;
    return entry?.value;
  }

  async set(namespace: CacheNamespace, key: string, value: string, ttlSeconds: number, generation?: string): Promise<void> {
    if (generation !== undefined && generation !== String(this.generations.get(namespace) ?? 0)) return;
    const lruKey = namespace + SEP + key;
    this.lru.set(lruKey, { namespace, value }, { ttl: Math.max(1, Math.round(ttlSeconds * 1000)) });
    // An entry larger than maxSize is refused (and an older one for the key removed with reason 'set').
    if (this.lru.has(lruKey)) this.track(namespace, lruKey);
    else this.untrack(namespace, lruKey);
  }

  async delete(namespace: CacheNamespace, key: string): Promise<void> {
    this.bump(namespace);
    this.lru.delete(namespace + SEP + key);
  }

  async invalidate(namespace: CacheNamespace): Promise<void> {
    this.bump(namespace);
    const lruKeys = this.byNamespace.get(namespace);
    if (!lruKeys) return;
    this.byNamespace.delete(namespace);
    for (const lruKey of lruKeys) this.lru.delete(lruKey);
  }

  async generation(namespace: CacheNamespace): Promise<string> {
    return String(this.generations.get(namespace) ?? 0);
  }

  async stats(): Promise<CacheStats> {
    this.lru.purgeStale();
    return { connected: true, hits: this.hits, misses: this.misses, keys: this.lru.size };
  }

  private bump(namespace: CacheNamespace): void {
    this.generations.set(namespace, (this.generations.get(namespace) ?? 0) + 1);
  }

  private track(namespace: CacheNamespace, lruKey: string): void {
    let lruKeys = this.byNamespace.get(namespace);
    if (!lruKeys) this.byNamespace.set(namespace, (lruKeys = new Set()));
    lruKeys.add(lruKey);
  }

  private untrack(namespace: CacheNamespace, lruKey: string): void {
    const lruKeys = this.byNamespace.get(namespace);
    if (!lruKeys) return;
    lruKeys.delete(lruKey);
    if (lruKeys.size === 0) this.byNamespace.delete(namespace);
  }
}
