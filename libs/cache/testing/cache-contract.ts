import { PUBLIC_KEY_NAMESPACE, tenantNamespace, type Cache } from '@mais/domain';
import { getOrLoad } from '../src/get-or-load';

export interface CacheUnderTest {
  /** A fresh, empty cache. */
  create(): Promise<Cache>;
  close(cache: Cache): Promise<void>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tenantA = tenantNamespace('0e9b7c3a-aaaa-4000-8000-000000000001');
const tenantB = tenantNamespace('0e9b7c3a-bbbb-4000-8000-000000000002');

/** The behaviour every adapter of the Cache port must show; run by each adapter's spec. */
export function describeCacheContract(adapter: CacheUnderTest): void {
  let cache: Cache;
  beforeEach(async () => {
    cache = await adapter.create();
  });
  afterEach(async () => {
    await adapter.close(cache);
  });

  it('misses before a set and returns the stored string after it', async () => {
    expect(await cache.get(tenantA, 'packages')).toBeUndefined();
    await cache.set(tenantA, 'packages', '[{"id":1}]', 60);
    expect(await cache.get(tenantA, 'packages')).toBe('[{"id":1}]');
    await cache.set(tenantA, 'packages', '[]', 60);
    expect(await cache.get(tenantA, 'packages')).toBe('[]');
  });

  it('never shows one tenant the entry another tenant stored under the identical key', async () => {
    await cache.set(tenantA, 'packages?q=tent', '"a"', 60);
    expect(await cache.get(tenantB, 'packages?q=tent')).toBeUndefined();
    await cache.set(tenantB, 'packages?q=tent', '"b"', 60);
    expect(await cache.get(tenantA, 'packages?q=tent')).toBe('"a"');
    expect(await cache.get(tenantB, 'packages?q=tent')).toBe('"b"');
  });

  it('invalidates exactly one namespace', async () => {
    await cache.set(tenantA, 'packages', '"a1"', 60);
    await cache.set(tenantA, 'config', '"a2"', 60);
    await cache.set(tenantB, 'packages', '"b1"', 60);
    await cache.set(PUBLIC_KEY_NAMESPACE, 'pk_live_a', '"tenant a"', 60);

    await cache.invalidate(tenantA);

    expect(await cache.get(tenantA, 'packages')).toBeUndefined();
    expect(await cache.get(tenantA, 'config')).toBeUndefined();
    expect(await cache.get(tenantB, 'packages')).toBe('"b1"');
    expect(await cache.get(PUBLIC_KEY_NAMESPACE, 'pk_live_a')).toBe('"tenant a"');
    await cache.set(tenantA, 'packages', '"a3"', 60);
    expect(await cache.get(tenantA, 'packages')).toBe('"a3"');
  });

  it('deletes one key and keeps the rest of its namespace', async () => {
    await cache.set(PUBLIC_KEY_NAMESPACE, 'pk_live_a', '"tenant a"', 60);
    await cache.set(PUBLIC_KEY_NAMESPACE, 'pk_live_b', '"tenant b"', 60);
    await cache.delete(PUBLIC_KEY_NAMESPACE, 'pk_live_a');
    expect(await cache.get(PUBLIC_KEY_NAMESPACE, 'pk_live_a')).toBeUndefined();
    expect(await cache.get(PUBLIC_KEY_NAMESPACE, 'pk_live_b')).toBe('"tenant b"');
  });

  it('expires an entry after its TTL, even one written after a longer-lived entry of its namespace', async () => {
    await cache.set(tenantA, 'packages', '"long"', 60);
    await cache.set(tenantA, 'availability?month=2025-06', '"short"', 0.2);
    expect(await cache.get(tenantA, 'availability?month=2025-06')).toBe('"short"');
    await sleep(350);
    expect(await cache.get(tenantA, 'availability?month=2025-06')).toBeUndefined();
  });

  it('counts hits, misses and stored entries', async () => {
    await cache.set(tenantA, 'packages', '"a"', 60);
    await cache.set(tenantA, 'config', '"c"', 60);
    await cache.set(tenantB, 'packages', '"b"', 60);
    await cache.get(tenantA, 'packages');
    await cache.get(tenantB, 'packages');
    await cache.get(tenantB, 'config');

    expect(await cache.stats()).toEqual({ connected: true, hits: 2, misses: 1, keys: 3 });
    await cache.invalidate(tenantA);
    expect((await cache.stats()).keys).toBe(1);
  });

  it('skips a write whose generation predates an invalidation or a delete of its namespace', async () => {
    const before = await cache.generation(tenantA);
    await cache.invalidate(tenantA);
    await cache.set(tenantA, 'packages', '"stale"', 60, before);
    expect(await cache.get(tenantA, 'packages')).toBeUndefined();

    const current = await cache.generation(tenantA);
    await cache.invalidate(tenantB);
    await cache.set(tenantA, 'packages', '"fresh"', 60, current);
    expect(await cache.get(tenantA, 'packages')).toBe('"fresh"');

    const beforeDelete = await cache.generation(PUBLIC_KEY_NAMESPACE);
    await cache.delete(PUBLIC_KEY_NAMESPACE, 'pk_live_a');
    await cache.set(PUBLIC_KEY_NAMESPACE, 'pk_live_a', '"deactivated tenant"', 60, beforeDelete);
    expect(await cache.get(PUBLIC_KEY_NAMESPACE, 'pk_live_a')).toBeUndefined();
  });

  describe(getOrLoad.name, () => {
    it('runs one loader for concurrent misses of the same entry, then serves hits', async () => {
      const loader = jest.fn(async () => {
        await sleep(50);
        return '"loaded"';
      });
      const results = await Promise.all(Array.from({ length: 20 }, () => getOrLoad(cache, tenantA, 'packages', 60, loader)));
      expect(results).toEqual(Array(20).fill('"loaded"'));
      expect(loader).toHaveBeenCalledTimes(1);

      expect(await getOrLoad(cache, tenantA, 'packages', 60, loader)).toBe('"loaded"');
      expect(loader).toHaveBeenCalledTimes(1);
    });

    it('loads separately for another tenant or another key', async () => {
      const loader = jest.fn(async () => '"x"');
      await Promise.all([
        getOrLoad(cache, tenantA, 'packages', 60, loader),
        getOrLoad(cache, tenantB, 'packages', 60, loader),
        getOrLoad(cache, tenantA, 'config', 60, loader),
      ]);
      expect(loader).toHaveBeenCalledTimes(3);
    });

    /** A load of tenant A's packages that has read the generation and waits in its loader until `oldRead` resolves. */
    async function loadInFlight() {
      const oldRead = deferred<string>();
      const loadStarted = deferred<void>();
      const first = getOrLoad(cache, tenantA, 'packages', 60, () => {
        loadStarted.resolve();
        return oldRead.promise;
      });
      await loadStarted.promise;
      return { oldRead, first };
    }

    it('does not cache a value loaded before an invalidation that landed during the load', async () => {
      const { oldRead, first } = await loadInFlight();

      await cache.invalidate(tenantA); // an admin write committed and invalidated

      // A reader arriving after the write must not join the load that started before it.
      const newLoader = jest.fn(async () => '"new"');
      expect(await getOrLoad(cache, tenantA, 'packages', 60, newLoader)).toBe('"new"');
      expect(newLoader).toHaveBeenCalledTimes(1);

      oldRead.resolve('"old"');
      expect(await first).toBe('"old"'); // its own caller still gets an answer
      expect(await cache.get(tenantA, 'packages')).toBe('"new"');
    });

    it('does not cache the old value when nobody reloads after the invalidation', async () => {
      const { oldRead, first } = await loadInFlight();
      await cache.invalidate(tenantA);
      oldRead.resolve('"old"');
      await first;
      expect(await cache.get(tenantA, 'packages')).toBeUndefined();
    });

    it('rejects every waiter when the loader fails, caches nothing, and loads again next time', async () => {
      const failing = jest.fn(async () => {
        await sleep(20);
        throw new Error('database down');
      });
      const outcomes = await Promise.allSettled([getOrLoad(cache, tenantA, 'packages', 60, failing), getOrLoad(cache, tenantA, 'packages', 60, failing)]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
      expect(failing).toHaveBeenCalledTimes(1);
      expect(await getOrLoad(cache, tenantA, 'packages', 60, async () => '"ok"')).toBe('"ok"');
    });
  });
}
