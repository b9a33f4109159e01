import { Entity, Enum, Index, ManyToOne, Property, Unique, Opt } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity';
import { Tenant } from '../tenant/tenant.entity';

export enum WebhookEventStatus {
  PENDING = 'PENDING',
  PROCESSED = 'PROCESSED',
  IGNORED = 'IGNORED',
  FAILED = 'FAILED',
}

/**
 * A payment provider's event, stored before it is acknowledged. Platform-level: the tenant is only
 * known after reading the payload, so this table is not tenant-filtered.
 */
@Entity({ tableName: 'webhook_events' })
@Index({ name: 'webhook_events_status_received_idx', properties: ['status', 'receivedAt'] })
// A checkout completion looks for an earlier refund notice of its payment (events may arrive out of order).
@Index({ name: 'webhook_events_refunded_payment_idx', properties: ['refundedPaymentId'] })
export class WebhookEvent extends BaseEntity {
  @Unique({ name: 'webhook_events_provider_event_id_unique' })
  @Property({ type: 'string', length: 255 })
  providerEventId: string;

  @Property({ type: 'string', length: 120 })
  type: string;

  @Property({ type: 'jsonb' })
  payload: Record<string, unknown>;

  /** The payment this event reports as refunded in full (read by the payments adapter at ingestion), if it does. */
  @Property({ type: 'string', length: 255, nullable: true })
  refundedPaymentId: string | null = null;

  @Enum({ items: () => WebhookEventStatus, default: WebhookEventStatus.PENDING })
  status: Opt<WebhookEventStatus> = WebhookEventStatus.PENDING;

  @Property({ type: 'integer', default: 0 })
  attempts: Opt<number> = 0;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @ManyToOne({ entity: () => Tenant, nullable: true, deleteRule: 'set null' })
  tenant: Tenant | null = null;

  @Property({ type: 'timestamptz' })
  receivedAt: Opt<Date> = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  processedAt: Date | null = null;
}
