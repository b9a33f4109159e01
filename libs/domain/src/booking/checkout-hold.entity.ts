import { Entity, Enum, Index, Property, Unique, Opt } from '@mikro-orm/core';
import { TenantOwned } from '../common/tenant-filter';
import { TenantOwnedEntity } from '../common/tenant-owned.entity';
import type { BookingMetadata, CustomerDetails, LineItem } from './line-item';

export enum HoldStatus {
  /** Checkout open: the date is held until expiresAt. */
  OPEN = 'OPEN',
  /** Paid and turned into a booking. */
  CONVERTED = 'CONVERTED',
  /** Checkout expired, was abandoned, or its payment failed: the date is free again. */
  RELEASED = 'RELEASED',
}

/**
 * A date held for one open checkout. At most one OPEN hold per tenant and date (partial unique index);
 * an OPEN hold past expiresAt no longer blocks the date and is released lazily.
 */
@Entity({ tableName: 'checkout_holds' })
@TenantOwned()
@Index({
  name: 'checkout_holds_tenant_date_open_unique',
  expression: `create unique index "checkout_holds_tenant_date_open_unique" on "checkout_holds" ("tenant_id", "event_date") where "status" = 'OPEN'`,
})
@Index({ name: 'checkout_holds_tenant_date_idx', properties: ['tenant', 'eventDate'] })
export class CheckoutHold extends TenantOwnedEntity {
  @Property({ type: 'date' })
  eventDate: string;

  @Enum({ items: () => HoldStatus, default: HoldStatus.OPEN })
  status: Opt<HoldStatus> = HoldStatus.OPEN;

  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  /** The payment provider's checkout session id, once the session exists. */
  @Unique({ name: 'checkout_holds_session_id_unique' })
  @Property({ type: 'string', length: 255, nullable: true })
  sessionId: string | null = null;

  @Property({ type: 'string', length: 2048, nullable: true })
  checkoutUrl: string | null = null;

  /** Where the payment page sends the customer after paying (may hold `{CHECKOUT_SESSION_ID}`), if the client named it. */
  @Property({ type: 'string', length: 2048, nullable: true })
  successUrl: string | null = null;

  /** Where the payment page sends a customer who gives up, if the client named it. */
  @Property({ type: 'string', length: 2048, nullable: true })
  cancelUrl: string | null = null;

  @Property({ type: 'uuid' })
  packageId: string;

  @Property({ type: 'json' })
  lineItems: LineItem[];

  @Property({ type: 'json' })
  customer: CustomerDetails;

  @Property({ type: 'text', nullable: true })
  notes: string | null = null;

  /** Where the customer came from (the widget's prefill and `utm_*`), copied onto the booking. */
  @Property({ type: 'json', default: "'{}'" })
  metadata: Opt<BookingMetadata> = {};

  @Property({ type: 'integer' })
  totalCents: number;

  @Property({ type: 'integer' })
  commissionCents: number;

  @Property({ type: 'decimal', precision: 5, scale: 2 })
  commissionPercent: string;

  @Property({ type: 'string', length: 3 })
  currency: string;
}
