import { Entity, Enum, Index, ManyToOne, Property, Opt } from '@mikro-orm/core';
import { TenantOwned, TenantOwnedEntity } from '@mais/domain';
import { TenantEvent } from '@mais/domain';
import { WebhookEndpoint } from './webhook-endpoint.entity';

export enum WebhookDeliveryStatus {
  /** Not delivered yet: waiting for its first attempt or its next retry. */
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  /** Given up: every attempt failed, or the endpoint was disabled before it got through. */
  FAILED = 'FAILED',
}

/**
 * One event sent to one endpoint: the fan-out creates one per subscribed endpoint (at most one, by the partial
 * unique index), and each manual redelivery one more. Its attempts are the endpoint's delivery log.
 */
@Entity({ tableName: 'webhook_deliveries' })
@TenantOwned()
@Index({
  name: 'webhook_deliveries_endpoint_event_unique',
  expression: `create unique index "webhook_deliveries_endpoint_event_unique" on "webhook_deliveries" ("endpoint_id", "event_id") where "manual" = false`,
})
@Index({ name: 'webhook_deliveries_endpoint_created_idx', properties: ['endpoint', 'createdAt'] })
export class WebhookDelivery extends TenantOwnedEntity {
  @ManyToOne({ entity: () => WebhookEndpoint, deleteRule: 'cascade' })
  endpoint: WebhookEndpoint;

  @ManyToOne({ entity: () => TenantEvent, deleteRule: 'cascade' })
  event: TenantEvent;

  /** Asked for by an admin (a redelivery), not created by the fan-out. */
  @Property({ type: 'boolean', default: false })
  manual: Opt<boolean> = false;

  @Enum({ items: () => WebhookDeliveryStatus, default: WebhookDeliveryStatus.PENDING })
  status: Opt<WebhookDeliveryStatus> = WebhookDeliveryStatus.PENDING;

  @Property({ type: 'integer', default: 0 })
  attempts: Opt<number> = 0;

  @Property({ type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  succeededAt: Date | null = null;
}

/** One HTTP attempt of a delivery, as the log shows it. */
@Entity({ tableName: 'webhook_delivery_attempts' })
@TenantOwned()
@Index({ name: 'webhook_delivery_attempts_delivery_idx', properties: ['delivery', 'createdAt'] })
export class WebhookDeliveryAttempt extends TenantOwnedEntity {
  @ManyToOne({ entity: () => WebhookDelivery, deleteRule: 'cascade' })
  delivery: WebhookDelivery;

  /** 1 for the first attempt of the delivery. */
  @Property({ type: 'integer' })
  attempt: number;

  /** The receiver's HTTP status; null when no response came (refused address, timeout, connection error). */
  @Property({ type: 'integer', nullable: true })
  statusCode: number | null = null;

  @Property({ type: 'integer' })
  latencyMs: number;

  /** The start of the response body (at most 1 KB), for the log. */
  @Property({ type: 'text', nullable: true })
  responseSnippet: string | null = null;

  /** Why the attempt failed, when it did. */
  @Property({ type: 'string', length: 1000, nullable: true })
  error: string | null = null;
}
