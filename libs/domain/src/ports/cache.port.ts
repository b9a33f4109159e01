export interface CacheStats {
  connected: boolean;
  hits: number;
  misses: number;
  keys: number;
}

/**
 * A key-value cache of JSON-serialisable values. Keys are built by callers with the tenant id in them;
 * `deletePrefix` drops every entry of one tenant's namespace.
 */
export abstract class Cache {
  abstract get<T>(key: string): Promise<T | undefined>;
  abstract set<T>(key: string, value: T, ttlSeconds: number): Promise<void>;
  abstract deletePrefix(prefix: string): Promise<void>;
  abstract stats(): Promise<CacheStats>;
}
