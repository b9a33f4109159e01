import { Inject, Injectable } from '@nestjs/common';
import { getStorageToken, type ThrottlerStorage } from '@nestjs/throttler';
import { RateLimitedError } from '@mais/domain';
import { Settings } from '@mais/settings';

/** A counted limit: at most `limit` uses of one key per `windowSeconds` (ADR 0013 gives the numbers' reasons). */
export interface LimitRule {
  readonly name: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

/** Login attempts (every attempt counts, before the password is checked). */
export const LOGIN_LIMITS = {
  /** One client trying one account: the brute-force limit. */
  perClientAndEmail: { name: 'login-client-email', limit: 10, windowSeconds: 15 * 60 },
  /** One client trying many accounts (credential stuffing). */
  perClient: { name: 'login-client', limit: 50, windowSeconds: 15 * 60 },
  /** One account tried from everywhere: high enough that locking out its owner takes a botnet, not a script. */
  perEmail: { name: 'login-email', limit: 200, windowSeconds: 60 * 60 },
} as const satisfies Record<string, LimitRule>;

/** Checkout holds of one tenant (HOLDS_PER_CLIENT_PER_HOUR, HOLDS_PER_EMAIL_PER_HOUR): a couple makes a few. */
export function holdLimits(settings: Settings): { perClient: LimitRule; perEmail: LimitRule } {
  return {
    perClient: { name: 'hold-client', limit: settings.holdsPerClientPerHour, windowSeconds: 60 * 60 },
    perEmail: { name: 'hold-email', limit: settings.holdsPerEmailPerHour, windowSeconds: 60 * 60 },
  };
}

/**
 * The app's counted limits, on @nestjs/throttler's storage: Redis (shared by every API process, one atomic
 * script per count) when REDIS_URL is set, in memory otherwise. A use is counted first and refused after,
 * so concurrent requests can never slip past the limit between a check and a count.
 */
@Injectable()
export class Limits {
  private readonly prefix: string;

  constructor(
    @Inject(getStorageToken()) private readonly storage: ThrottlerStorage,
    settings: Settings,
  ) {
    // The queue prefix is per deployment (and per test suite), so two deployments on one Redis never share counts.
    this.prefix = `${settings.queuePrefix}:limit`;
  }

  /** Counts one use of `key` under `rule`; throws RATE_LIMITED (429 with Retry-After) past the limit. */
  async consume(rule: LimitRule, key: string): Promise<{ limit: number; remaining: number }> {
    const windowMs = rule.windowSeconds * 1000;
    const record = await this.storage.increment(`${this.prefix}:${rule.name}:${key}`, windowMs, rule.limit, windowMs, rule.name);
    if (record.isBlocked) throw new RateLimitedError(Math.max(1, record.timeToBlockExpire));
    return { limit: rule.limit, remaining: Math.max(0, rule.limit - record.totalHits) };
  }

  /** Counts one use under each rule (all of them, so every window sees the attempt), then refuses if any is exceeded. */
  async consumeAll(uses: ReadonlyArray<readonly [LimitRule, string]>): Promise<void> {
    const results = await Promise.allSettled(uses.map(([rule, key]) => this.consume(rule, key)));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (refused.length === 0) return;
    const limited = refused.filter((e): e is RateLimitedError => e instanceof RateLimitedError);
    if (limited.length < refused.length) throw refused.find((e) => !(e instanceof RateLimitedError));
    throw new RateLimitedError(Math.max(...limited.map((e) => e.details.retryAfterSeconds ?? 1)));
  }
}
