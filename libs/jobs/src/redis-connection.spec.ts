import type { Redis } from 'ioredis';
import { createRedisConnection, pingRedis } from './redis-connection';
import { REDIS_URL } from './testing/redis-test-env';
import { closedPort } from './testing/tcp-proxy';

describe(createRedisConnection.name, () => {
  const connections: Redis[] = [];
  const open = (url: string, role: 'producer' | 'worker') => {
    const connection = createRedisConnection(url, role, { onError: () => undefined });
    connections.push(connection);
    return connection;
  };

  afterAll(() => {
    for (const connection of connections) connection.disconnect();
  });

  it('gives workers the connection BullMQ requires: no per-command retry limit, an offline queue', () => {
    const worker = open(REDIS_URL, 'worker');
    expect(worker.options.maxRetriesPerRequest).toBeNull();
    expect(worker.options.enableOfflineQueue).toBe(true);
  });

  it('makes a producer command fail at once while Redis is unreachable', async () => {
    const producer = open(`redis://127.0.0.1:${await closedPort()}`, 'producer');
    const startedAt = Date.now();
    await expect(producer.set('k', 'v')).rejects.toThrow();
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });

  it('reports a reachable Redis as up with its latency, an unreachable one as down without waiting', async () => {
    const up = open(REDIS_URL, 'producer');
    await new Promise((resolve) => up.once('ready', resolve));
    expect(await pingRedis(up)).toEqual({ up: true, latencyMs: expect.any(Number) });

    const down = open(`redis://127.0.0.1:${await closedPort()}`, 'worker');
    const startedAt = Date.now();
    expect(await pingRedis(down, 500)).toMatchObject({ up: false });
    expect(Date.now() - startedAt).toBeLessThan(600);
  });
});
