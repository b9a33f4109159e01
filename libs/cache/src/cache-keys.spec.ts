import { cacheKey, tenantNamespace } from './cache-keys';

describe('cache keys', () => {
  it('sorts query parameters so equal queries share one key', () => {
    expect(cacheKey('packages', { q: 'tent', maxPriceCents: 5000 })).toBe('packages?maxPriceCents=5000&q=tent');
    expect(cacheKey('packages', { maxPriceCents: 5000, q: 'tent' })).toBe(cacheKey('packages', { q: 'tent', maxPriceCents: 5000 }));
  });

  it('leaves out empty parameters and encodes the rest', () => {
    expect(cacheKey('packages', { q: '', maxPriceCents: undefined, tag: null })).toBe('packages');
    expect(cacheKey('packages', { q: 'a&b=c', ids: ['x', 'y'] })).toBe('packages?ids=x&ids=y&q=a%26b%3Dc');
    expect(cacheKey('config')).toBe('config');
  });

  it('puts the tenant id in the namespace and refuses an empty one', () => {
    expect(tenantNamespace('7f0c')).toBe('tenant:7f0c');
    expect(() => tenantNamespace('')).toThrow();
  });
});
