import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { tenantNamespace } from '@mais/domain';
import { DisabledCache } from './disabled.cache';
import { getOrLoadBody } from './get-or-load';
import { MemoryCache } from './memory.cache';
import { RedisCache } from './redis.cache';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const runPrefix = `mais-test:${randomUUID()}:`;
const tenant = tenantNamespace('tenant-a');
const other = tenantNamespace('tenant-b');
const BODY = '[{"name":"Crème brûlée 😀","note":"a \\"quoted\\" word"}]';

function silentLogger() {
  return { log: jest.fn(), warn: jest.fn(), error: jest.fn() };
}

describe('getOrLoadBody', () => {
  describe('with Redis', () => {
    const admin = new Redis(url);
    let cache: RedisCache;
    beforeEach(async () => {
      cache = new RedisCache({ url, keyPrefix: `${runPrefix}${randomUUID()}:`, logger: silentLogger() });
      expect(await cache.whenReady(5000)).toBe(true);
    });
    afterEach(() => cache.close());
    afterAll(async () => {
      const keys = await admin.keys(`${runPrefix}*`);
      if (keys.length) await admin.unlink(...keys);
      await admin.quit();
    });

    it('loads and stores text on a miss, then answers the stored UTF-8 bytes without decoding them', async () => {
      const loader = jest.fn(async () => BODY);
      expect(await getOrLoadBody(cache, tenant, 'packages', 60, loader)).toBe(BODY);
      const hit = await getOrLoadBody(cache, tenant, 'packages', 60, loader);
      expect(Buffer.isBuffer(hit)).toBe(true);
      expect(hit).toEqual(Buffer.from(BODY, 'utf8'));
      expect(loader).toHaveBeenCalledTimes(1);
      expect(await cache.get(tenant, 'packages')).toBe(BODY);
      expect(await cache.stats()).toMatchObject({ hits: 2, misses: 1 });
    });

    it("never answers one tenant with another tenant's bytes for the identical key", async () => {
      await getOrLoadBody(cache, tenant, 'packages', 60, async () => '"a"');
      expect(await getOrLoadBody(cache, other, 'packages', 60, async () => '"b"')).toBe('"b"');
      expect(String(await getOrLoadBody(cache, tenant, 'packages', 60, async () => '"x"'))).toBe('"a"');
      expect(String(await getOrLoadBody(cache, other, 'packages', 60, async () => '"x"'))).toBe('"b"');
    });

    it('loads from the source when Redis cannot be reached', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as { port: number };
      await new Promise((resolve) => closed.close(resolve));
      const down = new RedisCache({ url: `redis://127.0.0.1:${port}`, logger: silentLogger() });
      expect(await down.getBody(tenant, 'packages')).toBeUndefined();
      expect(await getOrLoadBody(down, tenant, 'packages', 60, async () => BODY)).toBe(BODY);
      await down.close();
    });
  });

  it.each([
    ['MemoryCache', () => new MemoryCache(), 1],
    ['DisabledCache', () => new DisabledCache(), 2],
  ] as const)('answers text with %s', async (_, create, loads) => {
    const cache = create();
    const loader = jest.fn(async () => BODY);
    expect(await getOrLoadBody(cache, tenant, 'packages', 60, loader)).toBe(BODY);
    expect(await getOrLoadBody(cache, tenant, 'packages', 60, loader)).toBe(BODY);
    expect(loader).toHaveBeenCalledTimes(loads);
  });
});
