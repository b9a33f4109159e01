import { Redis, type RedisOptions } from 'ioredis';
import { withTimeout } from './timeout';

/**
 * `producer`: the API's connection, which must fail fast. No offline queue (a command while disconnected
 * rejects at once instead of waiting for a reconnect), one retry per command and a command timeout, so
 * enqueueing while Redis is down throws within about a second and the HTTP request carries on (the
 * webhook event stays PENDING for the sweep) instead of hanging.
 * `worker`: BullMQ's worker connections block on Redis and must wait out outages:
 * `maxRetriesPerRequest: null` (BullMQ requires it) and an offline queue.
 * Both reconnect forever, backing off up to 2 s.
 */
export type RedisRole = 'producer' | 'worker';

export interface RedisConnectionOptions {
  /** CLIENT SETNAME, visible in `CLIENT LIST`. Default `mais:<role>`. */
  connectionName?: string;
  /** Producer only: a command without an answer after this fails. Default 2000 ms. */
  commandTimeoutMs?: number;
  /**
   * The first connection error of each outage (ioredis emits one per reconnect attempt; the rest are
   * dropped until the connection is ready again). Default: console.warn.
   */
  onError?: (error: Error) => void;
}

export function createRedisConnection(url: string, role: RedisRole, options: RedisConnectionOptions = {}): Redis {
  const common: RedisOptions = {
    connectionName: options.connectionName ?? `mais:${role}`,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    // How long disconnect() lets a socket close gracefully before destroying it (ioredis: 2 s, which keeps
    // a stopping process alive that long). Typed loosely: ioredis accepts it but leaves it out of its types.
    ...({ disconnectTimeout: 200 } as RedisOptions),
  };
  const byRole: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null, enableOfflineQueue: true }
      : {
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          commandTimeout: options.commandTimeoutMs ?? 2_000,
          connectTimeout: 2_000,
        };
  const client = new Redis(url, { ...common, ...byRole });

  let reportedThisOutage = false;
  client.on('ready', () => {
    reportedThisOutage = false;
  });
  client.on('error', (error: Error) => {
    if (reportedThisOutage) return;
    reportedThisOutage = true;
    if (options.onError) options.onError(error);
    else console.warn(`[redis:${role}] ${error.message}; reconnecting (further errors are not logged until it is back)`);
  });
  return client;
}

const CONNECTION_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const CONNECTION_ERROR_MESSAGES = /^(Connection is closed|Stream isn't writeable|Command timed out)/;

/**
 * Whether an error means "Redis cannot be reached right now" rather than something wrong with a command.
 * During an outage BullMQ's queues and workers (and the blocking connections they duplicate) each see such
 * errors, often before the shared connection's status says it is down; the shared connection reports the
 * outage once, so these are not reported again.
 */
export function isRedisConnectionError(error: Error): boolean {
  const code = (error as Error & { code?: unknown }).code;
  return (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) || CONNECTION_ERROR_MESSAGES.test(error.message);
}

export interface RedisHealth {
  up: boolean;
  latencyMs?: number;
  error?: string;
}

/** For readiness checks: never waits longer than `timeoutMs`, never throws. */
export async function pingRedis(connection: Redis, timeoutMs = 1_000): Promise<RedisHealth> {
  if (connection.status !== 'ready') return { up: false, error: `Redis connection is ${connection.status}` };
  const startedAt = performance.now();
  try {
    await withTimeout(connection.ping(), timeoutMs, () => new Error(`Redis PING got no answer within ${timeoutMs} ms`));
    return { up: true, latencyMs: Math.round(performance.now() - startedAt) };
  } catch (error) {
    return { up: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Resolves once the connection is ready; rejects on its next connection error or after `timeoutMs`,
 * whichever comes first (the connection itself keeps reconnecting).
 */
export function waitForRedis(connection: Redis, timeoutMs: number): Promise<void> {
  if (connection.status === 'ready') return Promise.resolve();
  if (connection.status === 'end') return Promise.reject(new Error('Redis connection is closed'));
  let cleanup = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    const onReady = () => resolve();
    const onError = (error: Error) => reject(error);
    const onEnd = () => reject(new Error('Redis connection is closed'));
    connection.once('ready', onReady);
    connection.once('error', onError);
    connection.once('end', onEnd);
    cleanup = () => {
      connection.off('ready', onReady);
      connection.off('error', onError);
      connection.off('end', onEnd);
    };
  });
  return withTimeout(ready, timeoutMs, () => new Error(`Redis not ready within ${timeoutMs} ms (connection is ${connection.status})`)).finally(() => cleanup());
}
