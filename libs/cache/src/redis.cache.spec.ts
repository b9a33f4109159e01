import { randomUUID } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { tenantNamespace, type Cache } from '@mais/domain';
import { describeCacheContract, deferred, sleep } from '../testing/cache-contract';
import { getOrLoad } from './get-or-load';
import { RedisCache } from './redis.cache';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const runPrefix = `mais-test:${randomUUID()}:`;
const tenant = tenantNamespace('tenant-a');

function silentLogger() {
  return { log: jest.fn(), warn: jest.fn(), error: jest.fn() };
}

async function connectedCache(keyPrefix: string): Promise<RedisCache> {
  const cache = new RedisCache({ url, keyPrefix, logger: silentLogger() });
  if (!(await cache.whenReady(5000))) throw new Error(`Redis at ${url} is not reachable`);
  return cache;
}

describe(RedisCache.name, () => {
  const admin = new Redis(url);

  afterAll(async () => {
    const keys = await admin.keys(`${runPrefix}*`);
    if (keys.length) await admin.unlink(...keys);
    await admin.quit();
  });

  // Every test gets its own key prefix, so parallel runs and tests never see each other's entries.
  describeCacheContract({
    create: () => connectedCache(`${runPrefix}${randomUUID()}:`),
    close: (cache: Cache) => (cache as RedisCache).close(),
  });

  describe('across processes', () => {
    let writer: RedisCache;
    let reader: RedisCache;
    beforeEach(async () => {
      const prefix = `${runPrefix}${randomUUID()}:`;
      [writer, reader] = await Promise.all([connectedCache(prefix), connectedCache(prefix)]);
    });
    afterEach(() => Promise.all([writer.close(), reader.close()]));

    it('sees entries stored and invalidated by another instance', async () => {
      await reader.set(tenant, 'packages', '"v1"', 60);
      expect(await writer.get(tenant, 'packages')).toBe('"v1"');
      await writer.invalidate(tenant);
      expect(await reader.get(tenant, 'packages')).toBeUndefined();
    });

    it('does not cache a load that raced an invalidation made by another instance', async () => {
      const oldRead = deferred<string>();
      const loadStarted = deferred<void>();
      const load = getOrLoad(reader, tenant, 'packages', 60, () => {
        loadStarted.resolve();
        return oldRead.promise;
      });
      await loadStarted.promise; // it has read the generation and called its loader
      await writer.invalidate(tenant);
      oldRead.resolve('"old"');
      expect(await load).toBe('"old"');
      expect(await writer.get(tenant, 'packages')).toBeUndefined();
    });
  });

  describe('local copies', () => {
    let prefix: string;
    let hashKey: string;
    let reader: RedisCache;
    let writer: RedisCache;
    beforeEach(async () => {
      prefix = `${runPrefix}${randomUUID()}:`;
      hashKey = `${prefix}cache:${tenant}`;
      [reader, writer] = await Promise.all([connectedCache(prefix), connectedCache(prefix)]);
    });
    afterEach(() => Promise.all([reader.close(), writer.close()]));

    /** Changes the stored bytes behind every instance's back (no generation bump), as nothing in MAIS does. */
    const overwriteUnannounced = (value: string) => admin.hset(hashKey, 'packages', value);

    it('serves a hit again from this process while the generation has not moved', async () => {
      await writer.set(tenant, 'packages', '"v1"', 60);
      expect(await reader.get(tenant, 'packages')).toBe('"v1"');
      await overwriteUnannounced('"changed"');
      expect(await reader.get(tenant, 'packages')).toBe('"v1"');
      expect((await reader.getBody(tenant, 'packages'))?.toString()).toBe('"v1"');
      expect(await reader.stats()).toMatchObject({ hits: 3, misses: 0 });
    });

    it("re-reads Redis after another instance's invalidation, with the copy made by its own load too", async () => {
      expect(await getOrLoad(reader, tenant, 'packages', 60, async () => '"v1"')).toBe('"v1"');
      expect(await reader.get(tenant, 'packages')).toBe('"v1"');
      await writer.invalidate(tenant);
      expect(await reader.get(tenant, 'packages')).toBeUndefined();
      await writer.set(tenant, 'packages', '"v2"', 60);
      expect(await reader.get(tenant, 'packages')).toBe('"v2"');
    });

    it('follows a deleted key of the namespace from another instance', async () => {
      await writer.set(tenant, 'packages', '"v1"', 60);
      expect(await reader.get(tenant, 'packages')).toBe('"v1"');
      await writer.delete(tenant, 'config');
      await overwriteUnannounced('"v2"');
      expect(await reader.get(tenant, 'packages')).toBe('"v2"');
    });

    it('drops its copies at once on its own invalidation, even while Redis fails to record it', async () => {
      await writer.set(tenant, 'packages', '"v1"', 60);
      expect(await reader.get(tenant, 'packages')).toBe('"v1"');
      await reader.invalidate(tenant);
      await writer.set(tenant, 'packages', '"v2"', 60);
      expect(await reader.get(tenant, 'packages')).toBe('"v2"');
    });

    it("never keeps a copy past the Redis entry's own expiry", async () => {
      await writer.set(tenant, 'packages', '"short"', 0.3);
      expect(await reader.get(tenant, 'packages')).toBe('"short"');
      await sleep(350);
      expect(await reader.get(tenant, 'packages')).toBeUndefined();
    });

    it('keeps the two tenants of an identical key apart', async () => {
      const other = tenantNamespace('tenant-b');
      await writer.set(tenant, 'packages', '"a"', 60);
      await writer.set(other, 'packages', '"b"', 60);
      expect([await reader.get(tenant, 'packages'), await reader.get(other, 'packages')]).toEqual(['"a"', '"b"']);
      expect([await reader.get(tenant, 'packages'), await reader.get(other, 'packages')]).toEqual(['"a"', '"b"']);
    });

    it('keeps no copy with localCopyMaxBytes 0, nor of a value larger than the bound', async () => {
      const uncopied = [
        new RedisCache({ url, keyPrefix: prefix, localCopyMaxBytes: 0, logger: silentLogger() }),
        new RedisCache({ url, keyPrefix: prefix, localCopyMaxBytes: 16, logger: silentLogger() }),
      ];
      await writer.set(tenant, 'packages', '"a value longer than sixteen bytes"', 60);
      for (const cache of uncopied) {
        await cache.whenReady(5000);
        expect(await cache.get(tenant, 'packages')).toBe('"a value longer than sixteen bytes"');
      }
      await overwriteUnannounced('"v2"');
      for (const cache of uncopied) {
        expect(await cache.get(tenant, 'packages')).toBe('"v2"');
        await cache.close();
      }
    });
  });

  describe('Redis layout', () => {
    it('keeps a namespace in one hash that always carries an expiry, and removes it on invalidation', async () => {
      const prefix = `${runPrefix}${randomUUID()}:`;
      const cache = await connectedCache(prefix);
      await cache.set(tenant, 'packages', '"p"', 60);
      await cache.set(tenant, 'config', '"c"', 30);

      const hashKey = `${prefix}cache:${tenant}`;
      expect(await admin.hgetall(hashKey)).toEqual({ packages: '"p"', config: '"c"' });
      const ttl = await admin.pttl(hashKey);
      expect(ttl).toBeGreaterThan(25_000);
      expect(ttl).toBeLessThanOrEqual(30_000);

      await cache.invalidate(tenant);
      expect(await admin.exists(hashKey)).toBe(0);
      await cache.close();
    });
  });

  describe('when Redis stops answering after it was connected', () => {
    /** A TCP proxy to the real Redis that can hold back the client's commands, as a hung server would. */
    async function freezableProxy() {
      const target = new URL(url);
      let frozen = false;
      const held: Array<() => void> = [];
      const sockets: Socket[] = [];
      const server = createServer((client) => {
        const upstream = connect(Number(target.port || 6379), target.hostname);
        sockets.push(client, upstream);
        client.on('data', (chunk) => (frozen ? held.push(() => upstream.write(chunk)) : upstream.write(chunk)));
        upstream.on('data', (chunk) => client.write(chunk));
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.on('error', () => {});
        upstream.on('error', () => {});
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      return {
        url: `redis://127.0.0.1:${port}${target.pathname}`,
        freeze: () => (frozen = true),
        thaw: () => {
          frozen = false;
          for (const send of held.splice(0)) send();
        },
        close: async () => {
          for (const socket of sockets) socket.destroy();
          await new Promise((resolve) => server.close(resolve));
        },
      };
    }

    it('answers misses within the command timeout, and correct values once Redis answers again', async () => {
      const proxy = await freezableProxy();
      const cache = new RedisCache({ url: proxy.url, keyPrefix: `${runPrefix}${randomUUID()}:`, commandTimeoutMs: 200, logger: silentLogger() });
      expect(await cache.whenReady(5000)).toBe(true);
      await cache.set(tenant, 'packages', '"p"', 60);
      await cache.set(tenant, 'config', '"c"', 60);

      proxy.freeze();
      const started = Date.now();
      expect(await cache.get(tenant, 'packages')).toBeUndefined();
      await expect(cache.set(tenant, 'availability', '"a"', 60)).resolves.toBeUndefined();
      await expect(cache.invalidate(tenantNamespace('tenant-b'))).resolves.toBeUndefined();
      expect(Date.now() - started).toBeLessThan(1000);

      // The late replies must be matched to the timed-out commands, not handed to the next ones.
      proxy.thaw();
      expect(await cache.get(tenant, 'config')).toBe('"c"');
      expect(await cache.get(tenant, 'packages')).toBe('"p"');
      await cache.close();
      await proxy.close();
    });

    it('does not serve its local copy unchecked while Redis does not answer', async () => {
      const proxy = await freezableProxy();
      const cache = new RedisCache({ url: proxy.url, keyPrefix: `${runPrefix}${randomUUID()}:`, commandTimeoutMs: 200, logger: silentLogger() });
      expect(await cache.whenReady(5000)).toBe(true);
      expect(await getOrLoad(cache, tenant, 'packages', 60, async () => '"p"')).toBe('"p"');
      expect(await cache.get(tenant, 'packages')).toBe('"p"'); // from the copy, checked

      proxy.freeze();
      expect(await cache.get(tenant, 'packages')).toBeUndefined();
      proxy.thaw();
      expect(await cache.get(tenant, 'packages')).toBe('"p"');
      await cache.close();
      await proxy.close();
    });
  });

  describe('when Redis is unreachable', () => {
    async function expectDegradesQuickly(cache: RedisCache, firstReadWithinMs: number) {
      let started = Date.now();
      expect(await cache.get(tenant, 'packages')).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(firstReadWithinMs);
      started = Date.now();
      expect(await getOrLoad(cache, tenant, 'packages', 60, async () => '"from db"')).toBe('"from db"');
      await expect(cache.set(tenant, 'packages', '"x"', 60)).resolves.toBeUndefined();
      await expect(cache.delete(tenant, 'packages')).resolves.toBeUndefined();
      await expect(cache.invalidate(tenant)).resolves.toBeUndefined();
      expect(Date.now() - started).toBeLessThan(1500);
      expect(await cache.stats()).toEqual({ connected: false, hits: 0, misses: 2, keys: 0 });
    }

    it('answers misses at once on a closed port and never throws', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as { port: number };
      await new Promise((resolve) => closed.close(resolve));

      const logger = silentLogger();
      const cache = new RedisCache({ url: `redis://127.0.0.1:${port}`, logger });
      await sleep(50);
      await expectDegradesQuickly(cache, 300);
      expect(logger.warn).toHaveBeenCalledTimes(1); // the outage, once, not every retry
      expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('invalidation'));
      await cache.close();
    });

    it('answers misses within the command timeout when Redis accepts connections but never replies', async () => {
      const sockets: Socket[] = [];
      const silent: Server = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as { port: number };

      const cache = new RedisCache({ url: `redis://127.0.0.1:${port}`, commandTimeoutMs: 200, logger: silentLogger() });
      await sleep(50);
      await expectDegradesQuickly(cache, 400);

      await cache.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });
  });
});
