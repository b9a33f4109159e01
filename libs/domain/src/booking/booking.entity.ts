import { Entity, Enum, Index, ManyToOne, Property, Unique, Opt } from '@mikro-orm/core';
import { TenantOwned } from '../common/tenant-filter';
import { TenantOwnedEntity } from '../common/tenant-owned.entity';
import { Customer } from './customer.entity';
import type { BookingMetadata, LineItem } from './line-item';

export enum BookingStatus {
  PAID = 'PAID',
  CANCELLED = 'CANCELLED',
  REFUNDED = 'REFUNDED',
}

/**
 * A paid booking of one event date. A partial unique index allows one PAID booking per tenant and
 * date; a cancelled or refunded booking frees the date.
 */
@Entity({ tableName: 'bookings' })
@TenantOwned()
@Index({
  name: 'bookings_tenant_date_live_unique',
  expression: `create unique index "bookings_tenant_date_live_unique" on "bookings" ("tenant_id", "event_date") where "status" = 'PAID'`,
})
@Index({ name: 'bookings_tenant_date_idx', properties: ['tenant', 'eventDate'] })
@Index({ name: 'bookings_payment_intent_idx', properties: ['paymentIntentId'] })
export class Booking extends TenantOwnedEntity {
  @Property({ type: 'date' })
  eventDate: string;

  @Enum({ items: () => BookingStatus, default: BookingStatus.PAID })
  status: Opt<BookingStatus> = BookingStatus.PAID;

  @ManyToOne({ entity: () => Customer, deleteRule: 'restrict' })
  customer: Customer;

  /** The package sold; the line items keep its name and price even if it is edited or deleted later. */
  @Property({ type: 'uuid', nullable: true })
  packageId: string | null = null;

  @Property({ type: 'json' })
  lineItems: LineItem[];

  @Property({ type: 'integer' })
  totalCents: number;

  @Property({ type: 'integer' })
  commissionCents: number;

  @Property({ type: 'decimal', precision: 5, scale: 2 })
  commissionPercent: string;

  @Property({ type: 'string', length: 3 })
  currency: string;

  @Property({ type: 'text', nullable: true })
  notes: string | null = null;

  /** Where the customer came from: the widget's `utm_*` and `metadata[…]`, as the checkout gave them. */
  @Property({ type: 'json', default: "'{}'" })
  metadata: Opt<BookingMetadata> = {};

  @Property({ type: 'uuid', nullable: true })
  holdId: string | null = null;

  @Unique({ name: 'bookings_checkout_session_id_unique' })
  @Property({ type: 'string', length: 255 })
  checkoutSessionId: string;

  @Property({ type: 'string', length: 255, nullable: true })
  paymentIntentId: string | null = null;

  @Property({ type: 'string', length: 1024, nullable: true })
  calendarEventId: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  refundedAt: Date | null = null;
}
