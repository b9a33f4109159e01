import type { Redis } from 'ioredis';
import { createRedisConnection, isRedisConnectionError, pingRedis } from './redis-connection';
import { REDIS_URL } from '../testing/redis-test-env';
import { closedPort } from '@mais/testing';

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

describe(isRedisConnectionError.name, () => {
  const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

  it('counts a reset, refused or timed-out socket and a closed connection as an outage', () => {
    expect(isRedisConnectionError(withCode('read ECONNRESET', 'ECONNRESET'))).toBe(true);
    expect(isRedisConnectionError(withCode('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'))).toBe(true);
    expect(isRedisConnectionError(withCode('write EPIPE', 'EPIPE'))).toBe(true);
    expect(isRedisConnectionError(new Error('Connection is closed.'))).toBe(true);
    expect(isRedisConnectionError(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(true);
  });

  it('does not hide what a command got wrong', () => {
    expect(isRedisConnectionError(new Error('WRONGTYPE Operation against a key holding the wrong kind of value'))).toBe(false);
    expect(isRedisConnectionError(new Error('Missing lock for job 12. moveToFinished'))).toBe(false);
    expect(isRedisConnectionError(withCode('something else', 'ERR'))).toBe(false);
  });
});
