/**
 * A group of cache entries that is dropped as a whole by `Cache.invalidate`. Only the builders below make
 * one, so a caller cannot cache tenant data under a key that lacks the tenant id.
 */
export type CacheNamespace = string & { readonly __brand: 'CacheNamespace' };

/** Everything cached for one tenant (catalog, config, availability); an admin write invalidates it. */
export function tenantNamespace(tenantId: string): CacheNamespace {
  if (!tenantId || /[\s\0]/.test(tenantId)) throw new Error(`Invalid tenant id for a cache namespace: "${tenantId}"`);
  return `tenant:${tenantId}` as CacheNamespace;
}

/**
 * The tenant lookup by widget public key, keyed by the public key itself (the tenant id is what it resolves
 * to). Rotating a key or deactivating a tenant deletes that one entry with `Cache.delete`.
 */
export const PUBLIC_KEY_NAMESPACE = 'public-key' as CacheNamespace;

export interface CacheStats {
  connected: boolean;
  hits: number;
  misses: number;
  /** Entries currently stored (approximate while entries expire). */
  keys: number;
}

/**
 * A cache of already-serialised values (JSON strings), so a hit can be written to the response as is.
 * Adapters: RedisCache, MemoryCache, DisabledCache (in @mais/cache). No method throws: a cache that
 * cannot answer behaves as a miss and logs.
 */
export abstract class Cache {
  abstract get(namespace: CacheNamespace, key: string): Promise<string | undefined>;

  /**
   * `get` for a value sent as a response body as it is: an adapter that holds the stored bytes answers them
   * (RedisCache), so a hit is written to the socket without being decoded and encoded again.
   */
  getBody(namespace: CacheNamespace, key: string): Promise<string | Buffer | undefined> {
    return this.get(namespace, key);
  }

  /**
   * Stores `value` for at most `ttlSeconds`. With `generation` (from `generation()`, read before loading the
   * value) the write is skipped if the namespace was invalidated, or one of its keys deleted, since then.
   */
  abstract set(namespace: CacheNamespace, key: string, value: string, ttlSeconds: number, generation?: string): Promise<void>;

  /** Drops one entry, e.g. a rotated public key. */
  abstract delete(namespace: CacheNamespace, key: string): Promise<void>;

  /** Drops every entry of the namespace, e.g. after any admin write of that tenant. */
  abstract invalidate(namespace: CacheNamespace): Promise<void>;

  /** An opaque token that changes whenever the namespace is invalidated or one of its keys deleted. */
  abstract generation(namespace: CacheNamespace): Promise<string>;

  abstract stats(): Promise<CacheStats>;
}
