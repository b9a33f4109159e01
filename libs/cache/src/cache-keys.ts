export { PUBLIC_KEY_NAMESPACE, tenantNamespace } from '@mais/domain';
export type { CacheNamespace } from '@mais/domain';

export type CacheKeyQuery = Record<string, string | number | boolean | readonly (string | number)[] | null | undefined>;

/**
 * A stable key for a read within a namespace: the route, then its query parameters sorted by name, with
 * empty ones left out, so `?q=a&maxPriceCents=5` and `?maxPriceCents=5&q=a` share one entry.
 * `cacheKey('packages', { q: 'tent', maxPriceCents: 5000 })` → `packages?maxPriceCents=5000&q=tent`.
 */
export function cacheKey(route: string, query?: CacheKeyQuery): string {
  if (!query) return route;
  const parts: string[] = [];
  for (const name of Object.keys(query).sort()) {
    const value = query[name];
    if (value === undefined || value === null || value === '') continue;
    const values = Array.isArray(value) ? value : [value as string | number | boolean];
    for (const item of values) parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(item))}`);
  }
  return parts.length ? `${route}?${parts.join('&')}` : route;
}
