import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { CurrentTenant } from '../ports/current-tenant.port';
import { JobQueue, type JobToEnqueue } from '../ports/job-queue.port';
import { QUEUE_OF_JOB, type JobName, type JobPayloads, type QueueName } from './job-map';
import { insertOutboxEntries, OUTBOX_SQL, RELAY_WHERE } from './job-outbox.queries';

/**
 * A condition, evaluated in the recording statement, for an entry that is recorded only when it holds: a boolean SQL
 * expression with its parameters. Platform SQL: bind `tenant_id` in it.
 */
export interface OutboxCondition {
  sql: string;
  params: unknown[];
}

/** One job a write implies, with its deterministic queue job id (and, rarely, a condition for recording it). */
export type OutboxEntry = { [N in JobName]: { name: N; payload: JobPayloads[N]; jobId: string; onlyIf?: OutboxCondition } }[JobName];

/** Builds an entry; the name binds the payload's type. */
export function outboxEntry<N extends JobName>(name: N, payload: JobPayloads[N], jobId: string, onlyIf?: OutboxCondition): OutboxEntry {
  return { name, payload, jobId, ...(onlyIf ? { onlyIf } : {}) } as OutboxEntry;
}

interface PendingRow {
  id: string;
  job_id: string;
  name: JobName;
  payload: JobPayloads[JobName];
}

/** Sent rows are kept this long (what was relayed, for an operator's questions), then deleted by the sweep. */
const SENT_RETENTION_DAYS = 7;

/**
 * The transactional outbox (ADR 0014): every job a write implies is recorded in the write's own transaction,
 * so it exists exactly when the write committed. `relay` hands the recorded jobs to the queue right after the
 * commit; what the queue cannot take then (Redis down, the process killed) stays PENDING and the worker's sweep
 * relays it (`relayPending`). Rows are claimed with `for update skip locked`, so several processes relay
 * without taking the same row, and the deterministic job id keeps a row relayed twice from running twice
 * while its job waits. The same idea as the stored webhooks and their sweep, for the jobs MAIS makes itself.
 */
@Injectable()
export class JobOutbox {
  private readonly logger = new Logger(JobOutbox.name);

  constructor(
    private readonly em: EntityManager,
    private readonly jobs: JobQueue,
    private readonly currentTenant: CurrentTenant,
  ) {}

  /**
   * Records the entries in the transaction `em` belongs to (the caller's), in one statement; an entry recorded before
   * is kept as it is, and an entry whose `onlyIf` does not hold is not recorded (relaying it later finds nothing).
   */
  async record(em: EntityManager, entries: readonly OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const params = entries.flatMap((e) => [randomUUID(), e.jobId, e.name, JSON.stringify(e.payload), ...(e.onlyIf?.params ?? [])]);
    await em.execute(insertOutboxEntries(entries.map((e) => e.onlyIf?.sql ?? null)), params);
  }

  /** Records the entries in a transaction of their own, then relays them: for jobs that follow a call elsewhere (a refund). */
  async recordAndRelay(entries: readonly OutboxEntry[]): Promise<void> {
    await this.currentTenant.runUnscoped(() => this.em.transactional((em) => this.record(em, entries)));
    await this.relay(entries);
  }

  /**
   * Hands the entries still PENDING to the queue, after their write committed. Never throws: the write stands,
   * and what the queue cannot take now is relayed by the sweep.
   */
  async relay(entries: readonly OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      await this.relayWhere(
        RELAY_WHERE.jobIds(entries.length),
        entries.map((e) => e.jobId),
        entries.length,
      );
    } catch (error) {
      this.logger.warn(`Jobs ${entries.map((e) => e.jobId).join(', ')} are recorded but could not be relayed (${(error as Error).message}); the sweep will`);
    }
  }

  /** The sweep: relays rows still PENDING `olderThanMs` after they were recorded, and forgets old sent ones. Returns how many it relayed. */
  async relayPending(olderThanMs: number, limit = 500): Promise<number> {
    const relayed = await this.relayWhere(RELAY_WHERE.olderThanSeconds, [olderThanMs / 1000], limit);
    await this.currentTenant.runUnscoped(() => this.em.execute(OUTBOX_SQL.forgetSent, [SENT_RETENTION_DAYS]));
    return relayed;
  }

  /** How many rows wait to be relayed (for health checks and tests). */
  async pendingCount(): Promise<number> {
    const [row]: { count: string }[] = await this.currentTenant.runUnscoped(() => this.em.execute(OUTBOX_SQL.pendingCount));
    return Number(row.count);
  }

  /**
   * Claims PENDING rows matching `where` and hands them to the queue, each queue's rows in order and together (one
   * `enqueueAll` per queue, the queues side by side), then marks what the queue took SENT in one statement. A queue
   * that refuses its rows (Redis down) leaves them PENDING with the attempt and its error recorded, for the sweep.
   */
  private relayWhere(where: string, params: unknown[], limit: number): Promise<number> {
    return this.currentTenant.runUnscoped(() =>
      this.em.transactional(async (em) => {
        const rows: PendingRow[] = await em.execute(OUTBOX_SQL.claimPending(where), [...params, limit]);
        const byQueue = new Map<QueueName, PendingRow[]>();
        for (const row of rows) {
          const group = byQueue.get(QUEUE_OF_JOB[row.name]);
          if (group) group.push(row);
          else byQueue.set(QUEUE_OF_JOB[row.name], [row]);
        }
        const groups = [...byQueue.values()];
        const results = await Promise.allSettled(
          groups.map((group) =>
            this.jobs.enqueueAll(group.map((row) => ({ name: row.name, payload: row.payload, options: { jobId: row.job_id } }) as JobToEnqueue)),
          ),
        );
        const sent: PendingRow[] = [];
        for (const [i, result] of results.entries()) {
          if (result.status === 'fulfilled') {
            sent.push(...groups[i]);
            continue;
          }
          const message = result.reason instanceof Error ? result.reason.message : String(result.reason);
          await em.execute(OUTBOX_SQL.markRefused(groups[i].length), [message.slice(0, 2000), ...groups[i].map((row) => row.id)]);
          this.logger.warn(`The queue refused jobs ${groups[i].map((row) => row.job_id).join(', ')} (${message}); they stay in the outbox for the sweep`);
        }
        if (sent.length > 0) {
          await em.execute(
            OUTBOX_SQL.markSent(sent.length),
            sent.map((row) => row.id),
          );
        }
        return sent.length;
      }),
    );
  }
}
