import { Entity, Property, Unique } from '@mikro-orm/core';
import { TenantOwned } from '../common/tenant-filter';
import { TenantOwnedEntity } from '../common/tenant-owned.entity';

/** A payment that could not become a booking (the date was taken meanwhile, or it is not the hold's price); it was refunded. */
@Entity({ tableName: 'booking_failures' })
@TenantOwned()
export class BookingFailure extends TenantOwnedEntity {
  @Unique({ name: 'booking_failures_session_id_unique' })
  @Property({ type: 'string', length: 255 })
  checkoutSessionId: string;

  @Property({ type: 'date' })
  eventDate: string;

  /**
   * Why: the date's DATE_UNAVAILABLE reason (BOOKED, BLACKOUT, CALENDAR_BUSY, PAST, HELD), or the payment's
   * AMOUNT_MISMATCH / CURRENCY_MISMATCH (charged amount and currency then in amountCents and currency).
   */
  @Property({ type: 'string', length: 40 })
  reason: string;

  @Property({ type: 'string', length: 254 })
  customerEmail: string;

  @Property({ type: 'integer' })
  amountCents: number;

  @Property({ type: 'string', length: 3 })
  currency: string;

  @Property({ type: 'string', length: 255, nullable: true })
  paymentIntentId: string | null = null;

  @Property({ type: 'string', length: 255, nullable: true })
  refundId: string | null = null;
}
