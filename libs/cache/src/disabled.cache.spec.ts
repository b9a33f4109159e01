import { tenantNamespace } from '@mais/domain';
import { DisabledCache } from './disabled.cache';
import { getOrLoad } from './get-or-load';

describe(DisabledCache.name, () => {
  const tenant = tenantNamespace('tenant-a');

  it('misses every read, stores nothing and counts the misses', async () => {
    const cache = new DisabledCache();
    await cache.set(tenant, 'packages', '[]', 60);
    expect(await cache.get(tenant, 'packages')).toBeUndefined();
    expect(await cache.get(tenant, 'packages')).toBeUndefined();
    expect(await cache.stats()).toEqual({ connected: false, hits: 0, misses: 2, keys: 0 });
  });

  it('lets every concurrent getOrLoad run its own loader, so the uncached path is measured as it is', async () => {
    const cache = new DisabledCache();
    const loader = jest.fn(async () => '[]');
    await Promise.all([1, 2, 3].map(() => getOrLoad(cache, tenant, 'packages', 60, loader)));
    expect(loader).toHaveBeenCalledTimes(3);
  });
});
