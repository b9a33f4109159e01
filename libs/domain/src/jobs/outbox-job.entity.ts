import { Entity, Enum, Index, Property, Unique, Opt } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity';

export enum OutboxJobStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
}

/**
 * A job that a write implies, recorded in the write's own transaction (the transactional outbox): the job
 * exists exactly when the write committed, whether or not the queue could take it at that moment. JobOutbox
 * relays it to the queue right after the commit, and the worker's sweep relays whatever is still PENDING.
 * Platform-level, like the stored webhooks: the relay reads across tenants; each payload names its tenant.
 */
@Entity({ tableName: 'outbox_jobs' })
@Index({ name: 'outbox_jobs_status_created_idx', properties: ['status', 'createdAt'] })
export class OutboxJob extends BaseEntity {
  /** The queue job id (deterministic): one row, and one queued job, per logical job. */
  @Unique({ name: 'outbox_jobs_job_id_unique' })
  @Property({ type: 'string', length: 255 })
  jobId: string;

  @Property({ type: 'string', length: 64 })
  name: string;

  @Property({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Enum({ items: () => OutboxJobStatus, default: OutboxJobStatus.PENDING })
  status: Opt<OutboxJobStatus> = OutboxJobStatus.PENDING;

  @Property({ type: 'integer', default: 0 })
  attempts: Opt<number> = 0;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  sentAt: Date | null = null;
}
