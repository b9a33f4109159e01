import { Entity, Enum, Property, Unique } from '@mikro-orm/core';
import { TenantOwned, TenantOwnedEntity } from '@mais/domain';

export enum EmailDeliveryStatus {
  SENT = 'SENT',
  FAILED = 'FAILED',
}

/** One email sent (or permanently failed), keyed so a retried job never sends a second copy. */
@Entity({ tableName: 'email_deliveries' })
@TenantOwned()
@Unique({ name: 'email_deliveries_tenant_dedupe_key_unique', properties: ['tenant', 'dedupeKey'] })
export class EmailDelivery extends TenantOwnedEntity {
  /** e.g. `booking-confirmed:{bookingId}:customer`. */
  @Property({ type: 'string', length: 255 })
  dedupeKey: string;

  @Property({ type: 'string', length: 80 })
  template: string;

  @Property({ type: 'string', length: 254 })
  toAddress: string;

  @Enum({ items: () => EmailDeliveryStatus })
  status: EmailDeliveryStatus;

  @Property({ type: 'string', length: 255, nullable: true })
  providerMessageId: string | null = null;

  @Property({ type: 'text', nullable: true })
  error: string | null = null;
}
