import { Logger, type LoggerService } from '@nestjs/common';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { Cache, type CacheNamespace, type CacheStats } from '@mais/domain';

export interface RedisCacheOptions {
  url: string;
  /** Start of every Redis key written; tests pass a unique one per run. Default `mais:`. */
  keyPrefix?: string;
  /** A command not answered in this time fails, and a read becomes a miss. Default 200 ms. */
  commandTimeoutMs?: number;
  /** Default 1000 ms. */
  connectTimeoutMs?: number;
  /** Most bytes of values (and keys) kept in this process's copy of Redis entries; 0 turns it off. Default 32 MiB. */
  localCopyMaxBytes?: number;
  logger?: Pick<LoggerService, 'log' | 'warn' | 'error'>;
}

/** A generation key outlives any load by far; it expires so deleted tenants leave nothing behind. */
const GENERATION_TTL_SECONDS = 24 * 60 * 60;

/**
 * Stores the entry only if the namespace's generation is still the one read before the load (ARGV[4]). An
 * unconditional write (ARGV[4] empty) may replace a value other processes hold copies of, so it moves the
 * generation (ARGV[5]: its TTL). PEXPIRE … LT keeps the hash's expiry at the earliest deadline of any entry
 * written into it (a hash without expiry counts as infinite), so no entry outlives its own TTL.
 */
const SET_SCRIPT = `
if ARGV[4] ~= '' and (redis.call('GET', KEYS[2]) or '0') ~= ARGV[4] then return 0 end
if ARGV[4] == '' then
  redis.call('INCR', KEYS[2])
  redis.call('EXPIRE', KEYS[2], ARGV[5])
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3], 'LT')
return 1`;

/** This process's copy of a Redis entry, and what proves it is still the stored one. */
interface LocalCopy {
  value: Buffer;
  /** `value` decoded, once `get` asked for text. */
  text?: string;
  /** The namespace's Redis generation the entry was read or written under. */
  generation: string;
  /** This process's own invalidation count for the namespace at that time (see localGenerations). */
  localGeneration: number;
  /** Epoch ms; never later than the Redis entry's own expiry. */
  deadline: number;
}

/** Separates namespace and key in the local copies' keys; neither contains NUL. */
const SEP = '\0';

type ScriptedRedis = Redis & {
  maisCacheSet(
    hashKey: string,
    generationKey: string,
    field: string,
    value: string,
    ttlMs: number,
    expected: string,
    generationTtlSeconds: number,
  ): Promise<number>;
};

/**
 * The Redis adapter (REDIS_URL), shared by every API and worker instance; needs Redis ≥ 7.0 (PEXPIRE LT).
 *
 * Layout: one hash per namespace, `{prefix}cache:{namespace}`, field = key. A read is one HGET; invalidating
 * a tenant is one UNLINK however many entries it has; no hot-path command scans. The hash's TTL is the
 * earliest entry deadline (see SET_SCRIPT): entries with longer TTLs may be dropped early, a miss, never
 * served late, and a hash can grow only for one TTL before it goes as a whole.
 * `{prefix}cache-gen:{namespace}` counts invalidations so a load that raced an invalidation in another
 * process is not stored (the in-process half of the token covers this process while Redis is down).
 *
 * Local copies (ADR 0009): a hit's bytes are kept in this process, bounded by `localCopyMaxBytes`, and
 * served again only after a GET of the namespace's generation (a few bytes instead of the whole value)
 * proves that no invalidation happened since, from any process. So a read still costs one Redis round
 * trip and still sees every write whose response was sent before it began; a copy never outlives the
 * Redis entry's own TTL.
 *
 * Failure: no offline queue, no retries, short command timeout: while Redis is down or slow a read is a
 * miss within `commandTimeoutMs` (local copies are not served unchecked) and writes are dropped. An invalidation that fails cannot be repaired
 * here: it is logged as an error, and the entries it should have dropped live until their TTL, so keep
 * TTLs short (the stale window after an outage is bounded by them).
 */
export class RedisCache extends Cache {
  private readonly client: ScriptedRedis;
  private readonly dataPrefix: string;
  private readonly generationPrefix: string;
  private readonly logger: Pick<LoggerService, 'log' | 'warn' | 'error'>;
  private readonly localGenerations = new Map<CacheNamespace, number>();
  private readonly copies?: LRUCache<string, LocalCopy>;
  private hits = 0;
  private misses = 0;
  private outageLogged = false;

  constructor(options: RedisCacheOptions) {
    super();
    const prefix = options.keyPrefix ?? 'mais:';
    this.dataPrefix = `${prefix}cache:`;
    this.generationPrefix = `${prefix}cache-gen:`;
    this.logger = options.logger ?? new Logger(RedisCache.name);
    this.client = new Redis(options.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: options.connectTimeoutMs ?? 1000,
      // close() during an outage ends an already-dead socket; ioredis would hold a 2 s timer for it.
      disconnectTimeout: 200,
      commandTimeout: options.commandTimeoutMs ?? 200,
      // Concurrent requests' HGETs go out in one write: fewer syscalls on the hot path.
      enableAutoPipelining: true,
      retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    }) as ScriptedRedis;
    const copyBytes = options.localCopyMaxBytes ?? 32 * 1024 * 1024;
    if (copyBytes > 0) {
      this.copies = new LRUCache<string, LocalCopy>({
        maxSize: copyBytes,
        sizeCalculation: (copy, copyKey) => copy.value.length + copyKey.length,
      });
    }
    this.client.defineCommand('maisCacheSet', { numberOfKeys: 2, lua: SET_SCRIPT });
    this.client.on('error', (error: Error) => {
      if (this.outageLogged) return;
      this.outageLogged = true;
      this.logger.warn(`Cache Redis unavailable, serving misses until it is back: ${error.message}`);
    });
    this.client.on('ready', () => {
      if (!this.outageLogged) return;
      this.outageLogged = false;
      this.logger.log('Cache Redis reconnected');
    });
  }

  /** Resolves true once connected (false after `timeoutMs`), so a booting app can start with a warm path. */
  async whenReady(timeoutMs = 2000): Promise<boolean> {
    if (this.client.status === 'ready') return true;
    return new Promise((resolve) => {
      const done = (ready: boolean) => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        resolve(ready);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.client.once('ready', onReady);
    });
  }

  async get(namespace: CacheNamespace, key: string): Promise<string | undefined> {
    const copy = await this.read(namespace, key);
    if (!copy) return undefined;
    return (copy.text ??= copy.value.toString('utf8'));
  }

  /** The stored UTF-8 bytes, for a hit that is sent as the response body without decoding it. */
  override async getBody(namespace: CacheNamespace, key: string): Promise<Buffer | undefined> {
    return (await this.read(namespace, key))?.value;
  }

  /**
   * One round trip either way: with a local copy, the namespace's generation (the copy is served if it
   * has not moved); without one, the generation, the entry and the hash's remaining TTL in one pipeline.
   * The generation is read first, so an entry found after it was stored under that generation or a later
   * one: tagging the copy with the earlier value can only make it be re-read sooner.
   */
  private async read(namespace: CacheNamespace, key: string): Promise<LocalCopy | undefined> {
    const hashKey = this.dataPrefix + namespace;
    const generationKey = this.generationPrefix + namespace;
    const localGeneration = this.localGenerationOf(namespace);
    try {
      const copyKey = namespace + SEP + key;
      const copy = this.copies?.get(copyKey);
      if (copy && copy.localGeneration === localGeneration && copy.deadline > Date.now()) {
        if (((await this.client.get(generationKey)) ?? '0') === copy.generation) {
          this.hits++;
          return copy;
        }
        this.copies!.delete(copyKey);
      }
      const [generation, value, ttlMs] = await Promise.all([this.client.get(generationKey), this.client.hgetBuffer(hashKey, key), this.client.pttl(hashKey)]);
      if (value !== null) {
        this.hits++;
        const fresh: LocalCopy = { value: ownBytes(value), generation: generation ?? '0', localGeneration, deadline: Date.now() + ttlMs };
        // A hash without expiry (ttlMs -1) is not one this adapter wrote: keep no copy of it.
        if (ttlMs > 0 && this.localGenerationOf(namespace) === localGeneration) this.copies?.set(copyKey, fresh);
        return fresh;
      }
    } catch {
      // Down or slow: a miss; the outage is logged once by the 'error' listener.
    }
    this.misses++;
    return undefined;
  }

  async set(namespace: CacheNamespace, key: string, value: string, ttlSeconds: number, generation?: string): Promise<void> {
    let expected = '';
    if (generation !== undefined) {
      const separator = generation.indexOf(':');
      if (generation.slice(0, separator) !== String(this.localGenerationOf(namespace))) return;
      expected = generation.slice(separator + 1);
      // Redis did not answer when the load began, so nothing proves the value is still current.
      if (expected === '') return;
    }
    const ttlMs = Math.max(1, Math.round(ttlSeconds * 1000));
    const localGeneration = this.localGenerationOf(namespace);
    const deadline = Date.now() + ttlMs;
    try {
      const stored = await this.client.maisCacheSet(
        this.dataPrefix + namespace,
        this.generationPrefix + namespace,
        key,
        value,
        ttlMs,
        expected,
        GENERATION_TTL_SECONDS,
      );
      // Stored under a known generation: the next read here needs only the generation check.
      if (stored === 1 && expected !== '' && this.localGenerationOf(namespace) === localGeneration) {
        this.copies?.set(namespace + SEP + key, { value: ownBytes(value), text: value, generation: expected, localGeneration, deadline });
      }
    } catch {
      // Not storing is always safe.
    }
  }

  async delete(namespace: CacheNamespace, key: string): Promise<void> {
    this.bumpLocal(namespace);
    await this.runInvalidation(namespace, `key "${key}" of`, (multi) => multi.hdel(this.dataPrefix + namespace, key));
  }

  async invalidate(namespace: CacheNamespace): Promise<void> {
    this.bumpLocal(namespace);
    await this.runInvalidation(namespace, '', (multi) => multi.unlink(this.dataPrefix + namespace));
  }

  async generation(namespace: CacheNamespace): Promise<string> {
    const local = this.localGenerationOf(namespace);
    try {
      return `${local}:${(await this.client.get(this.generationPrefix + namespace)) ?? '0'}`;
    } catch {
      return `${local}:`;
    }
  }

  async stats(): Promise<CacheStats> {
    return { connected: this.client.status === 'ready', hits: this.hits, misses: this.misses, keys: await this.countEntries() };
  }

  async close(): Promise<void> {
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }

  private localGenerationOf(namespace: CacheNamespace): number {
    return this.localGenerations.get(namespace) ?? 0;
  }

  private bumpLocal(namespace: CacheNamespace): void {
    this.localGenerations.set(namespace, this.localGenerationOf(namespace) + 1);
  }

  private async runInvalidation(namespace: CacheNamespace, what: string, drop: (multi: ReturnType<Redis['multi']>) => unknown): Promise<void> {
    const generationKey = this.generationPrefix + namespace;
    const multi = this.client.multi();
    drop(multi);
    multi.incr(generationKey).expire(generationKey, GENERATION_TTL_SECONDS);
    try {
      const results = await multi.exec();
      const failure = results?.find(([error]) => error)?.[0];
      if (!results || failure) throw failure ?? new Error('transaction aborted');
    } catch (error) {
      // Entries of this namespace may be served stale until their TTL: say so loudly, but do not fail the write.
      this.logger.error(`Cache invalidation of ${what}${namespace} failed: ${(error as Error).message}`);
    }
  }

  /** Fields across this cache's hashes; SCAN is acceptable here, never on the hot path. */
  private async countEntries(): Promise<number> {
    const pattern = `${this.dataPrefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let entries = 0;
    let cursor = '0';
    try {
      do {
        const [next, hashKeys] = await this.client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000, 'TYPE', 'hash');
        cursor = next;
        if (hashKeys.length === 0) continue;
        const pipeline = this.client.pipeline();
        for (const hashKey of hashKeys) pipeline.hlen(hashKey);
        for (const [error, length] of (await pipeline.exec()) ?? []) if (!error) entries += length as number;
      } while (cursor !== '0');
      return entries;
    } catch {
      return 0;
    }
  }
}

/**
 * The bytes (of a reply, or of text as UTF-8) in a buffer of their own: a reply is a view into the socket's
 * read chunk (up to 64 KiB, shared with other replies) and a small Buffer a view into Node's shared pool,
 * either of which a kept copy would hold alive whole, beyond what the LRU counts.
 */
function ownBytes(source: Buffer | string): Buffer {
  if (typeof source === 'string') {
    const own = Buffer.allocUnsafeSlow(Buffer.byteLength(source, 'utf8'));
    own.write(source, 'utf8');
    return own;
  }
  const own = Buffer.allocUnsafeSlow(source.length);
  source.copy(own);
  return own;
}
