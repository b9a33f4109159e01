import type { Cache, CacheNamespace } from '@mais/domain';

/** Loads in progress, per cache instance, by namespace + key + generation. */
const inFlight = new WeakMap<Cache, Map<string, Promise<string>>>();

/**
 * Returns the cached value, or runs `loader` and caches its result (for `ttlSeconds`, or for as long as
 * `ttlSeconds(value)` says when the lifetime depends on what was loaded). Concurrent misses for the same entry in
 * this process share one `loader` call. The generation is read before loading and checked when storing, so
 * a value loaded before an invalidation that lands during the load is returned to its callers but not
 * cached; and a request arriving after that invalidation starts its own load instead of joining the old one.
 */
export async function getOrLoad(
  cache: Cache,
  namespace: CacheNamespace,
  key: string,
  ttlSeconds: number | ((value: string) => number),
  loader: () => Promise<string>,
): Promise<string> {
  const hit = await cache.get(namespace, key);
  if (hit !== undefined) return hit;
  return loadAndStore(cache, namespace, key, ttlSeconds, loader);
}

/**
 * getOrLoad for a response body: a hit comes as `Cache.getBody` answers it (RedisCache: the stored bytes),
 * so it is written to the socket as it is, never decoded to a string and encoded back; a miss returns the
 * loaded text.
 */
export async function getOrLoadBody(
  cache: Cache,
  namespace: CacheNamespace,
  key: string,
  ttlSeconds: number | ((value: string) => number),
  loader: () => Promise<string>,
): Promise<string | Buffer> {
  const hit = await cache.getBody(namespace, key);
  if (hit !== undefined) return hit;
  return loadAndStore(cache, namespace, key, ttlSeconds, loader);
}

async function loadAndStore(
  cache: Cache,
  namespace: CacheNamespace,
  key: string,
  ttlSeconds: number | ((value: string) => number),
  loader: () => Promise<string>,
): Promise<string> {
  const generation = await cache.generation(namespace);
  const loads = inFlight.get(cache) ?? new Map<string, Promise<string>>();
  inFlight.set(cache, loads);
  const flightKey = `${namespace}\0${key}\0${generation}`;
  const running = loads.get(flightKey);
  if (running) return running;

  // Started in a later microtask, so even a loader that throws synchronously finds its entry registered.
  const load = Promise.resolve()
    .then(() => loader())
    .then(async (value) => {
      await cache.set(namespace, key, value, typeof ttlSeconds === 'function' ? ttlSeconds(value) : ttlSeconds, generation);
      return value;
    })
    .finally(() => loads.delete(flightKey));
  loads.set(flightKey, load);
  return load;
}
