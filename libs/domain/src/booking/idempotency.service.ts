import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { ConflictError, DomainError } from '../common/domain.error';
import { CurrentTenant } from '../ports/current-tenant.port';
import { IDEMPOTENCY_SQL } from './idempotency.queries';

/** How long a stored response answers retries with the same key. */
export const IDEMPOTENCY_TTL_HOURS = 24;

const TIMING = {
  /** How long a request waits for a concurrent one with the same key to finish before answering 409. */
  waitMs: 30_000,
  pollMs: 50,
  /** A claim this old with no response is taken to be from a request that died, and may be taken over. */
  abandonedAfterSeconds: 120,
  /** Pauses before the second and third try of storing a response (a failed store would hold the key for minutes). */
  completeRetryMs: [100, 400],
} as const;

export type IdempotencyClaim =
  /** This request runs; it must `complete` or `release` the record. */
  | { kind: 'run'; recordId: string }
  /** A request with the same key and body already ran: answer what it answered. */
  | { kind: 'replay'; status: number; body: unknown };

interface RecordRow {
  id: string;
  request_hash: string;
  response_status: number | null;
  response_body: unknown;
  abandoned: boolean;
}

/**
 * `Idempotency-Key` records, per tenant and route (`scope`). The first request with a key claims a row
 * (insert … on conflict do nothing); a concurrent one with the same key waits for the stored response;
 * a different body under the same key is IDEMPOTENCY_KEY_REUSED. Raw SQL, so every statement names the
 * tenant itself.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly em: EntityManager,
    private readonly currentTenant: CurrentTenant,
  ) {}

  async claim(scope: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
    const tenantId = this.currentTenant.tenantId;
    const deadline = Date.now() + TIMING.waitMs;
    for (;;) {
      // An expired record no longer answers: the key starts afresh.
      await this.em.execute(IDEMPOTENCY_SQL.forgetExpiredKey, [tenantId, scope, key]);
      const inserted: { id: string }[] = await this.em.execute(IDEMPOTENCY_SQL.claimKey, [
        randomUUID(),
        tenantId,
        scope,
        key,
        requestHash,
        IDEMPOTENCY_TTL_HOURS,
      ]);
      if (inserted.length) return { kind: 'run', recordId: inserted[0].id };

      const [row]: RecordRow[] = await this.em.execute(IDEMPOTENCY_SQL.readRecord, [TIMING.abandonedAfterSeconds, tenantId, scope, key]);
      if (!row) continue; // released or expired in between: claim again
      if (row.request_hash !== requestHash) {
        throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request body');
      }
      if (row.response_status !== null) return { kind: 'replay', status: row.response_status, body: row.response_body };
      if (row.abandoned) {
        const taken: { id: string }[] = await this.em.execute(IDEMPOTENCY_SQL.takeAbandoned, [row.id, tenantId, TIMING.abandonedAfterSeconds]);
        if (taken.length) return { kind: 'run', recordId: row.id };
      }
      if (Date.now() >= deadline) throw new ConflictError('A request with this Idempotency-Key is still being processed; retry later');
      await new Promise((resolve) => setTimeout(resolve, TIMING.pollMs));
    }
  }

  /**
   * Stores the response the claimed request gave, for retries to replay; tried three times. If it still cannot
   * be stored, the claim is released (a retry runs afresh and meets the domain's own guards, e.g. the date its
   * first run holds) rather than left to block every retry until it counts as abandoned. Throws the last error
   * when even the release fails.
   */
  async complete(recordId: string, status: number, body: unknown): Promise<'stored' | 'released'> {
    const tenantId = this.currentTenant.tenantId;
    let lastError: unknown;
    for (const pauseMs of [0, ...TIMING.completeRetryMs]) {
      if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      try {
        await this.em.execute(IDEMPOTENCY_SQL.storeResponse, [status, JSON.stringify(body ?? null), recordId, tenantId]);
        return 'stored';
      } catch (error) {
        lastError = error;
      }
    }
    try {
      await this.release(recordId);
    } catch {
      throw lastError;
    }
    return 'released';
  }

  /** Forgets a claim whose request had no lasting effect (rejected, or failed transiently): a retry runs afresh. */
  async release(recordId: string): Promise<void> {
    await this.em.execute(IDEMPOTENCY_SQL.release, [recordId, this.currentTenant.tenantId]);
  }

  /**
   * Platform-level housekeeping (the worker's sweep): deletes expired records of every tenant, in
   * batches. Expired records are also ignored and replaced when their key comes back.
   */
  async purgeExpired(batchSize = 1000): Promise<number> {
    // platform-wide: the sweep's housekeeping, for every tenant's expired records.
    const deleted: { id: string }[] = await this.em.execute(IDEMPOTENCY_SQL.purgeExpired, [batchSize]);
    return deleted.length;
  }
}
