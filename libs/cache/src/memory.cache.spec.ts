import { tenantNamespace } from '@mais/domain';
import { describeCacheContract } from '../testing/cache-contract';
import { MemoryCache } from './memory.cache';

describe(MemoryCache.name, () => {
  describeCacheContract({ create: async () => new MemoryCache(), close: async () => {} });

  const tenantA = tenantNamespace('tenant-a');
  const tenantB = tenantNamespace('tenant-b');

  it('evicts the least recently used entry beyond maxEntries, and invalidation still finds the rest', async () => {
    const cache = new MemoryCache({ maxEntries: 2 });
    await cache.set(tenantA, 'one', '1', 60);
    await cache.set(tenantB, 'two', '2', 60);
    await cache.get(tenantA, 'one');
    await cache.set(tenantA, 'three', '3', 60);

    expect(await cache.get(tenantB, 'two')).toBeUndefined();
    expect((await cache.stats()).keys).toBe(2);
    await cache.invalidate(tenantA);
    expect((await cache.stats()).keys).toBe(0);
  });

  it('keeps the total size of keys and values under maxSize and refuses an entry larger than it', async () => {
    const cache = new MemoryCache({ maxSize: 100 });
    await cache.set(tenantA, 'small', 'x'.repeat(30), 60);
    await cache.set(tenantA, 'huge', 'x'.repeat(200), 60);
    expect(await cache.get(tenantA, 'huge')).toBeUndefined();
    expect(await cache.get(tenantA, 'small')).toBe('x'.repeat(30));

    await cache.set(tenantB, 'medium', 'y'.repeat(50), 60);
    expect(await cache.get(tenantA, 'small')).toBeUndefined();
    expect(await cache.get(tenantB, 'medium')).toBe('y'.repeat(50));
  });

  it('drops a key that is overwritten with a value too large to keep', async () => {
    const cache = new MemoryCache({ maxSize: 100 });
    await cache.set(tenantA, 'packages', 'small', 60);
    await cache.set(tenantA, 'packages', 'x'.repeat(200), 60);
    expect(await cache.get(tenantA, 'packages')).toBeUndefined();
    expect((await cache.stats()).keys).toBe(0);
  });

  it('does not count expired entries as stored', async () => {
    const cache = new MemoryCache();
    await cache.set(tenantA, 'packages', '1', 0.05);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await cache.stats()).keys).toBe(0);
  });
});
