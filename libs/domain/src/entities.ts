import { Tenant } from './tenant/tenant.entity';
import { User } from './identity/user.entity';
import { Package } from './catalog/package.entity';
import { AddOn } from './catalog/add-on.entity';
import { BlackoutDate } from './booking/blackout-date.entity';
import { Customer } from './booking/customer.entity';
import { CheckoutHold } from './booking/checkout-hold.entity';
import { Booking } from './booking/booking.entity';
import { BookingFailure } from './booking/booking-failure.entity';
import { IdempotencyRecord } from './booking/idempotency-record.entity';
import { WebhookEvent } from './webhooks/webhook-event.entity';
import { OutboxJob } from './jobs/outbox-job.entity';
import { TenantEvent } from './events/tenant-event.entity';
import { BaseEntity } from './common/base.entity';
import { TenantOwnedEntity } from './common/tenant-owned.entity';

/**
 * The entities of the kernel and the booking core (tenants, users, catalog, holds, bookings, the webhook inbox,
 * the outbox, tenant events). Each library lists its own; libs/database gathers them all (ALL_ENTITIES).
 * Explicit, so bundling or renaming files never hides one.
 */
export const DOMAIN_ENTITIES = [
  BaseEntity,
  TenantOwnedEntity,
  Tenant,
  User,
  Package,
  AddOn,
  BlackoutDate,
  Customer,
  CheckoutHold,
  Booking,
  BookingFailure,
  IdempotencyRecord,
  WebhookEvent,
  OutboxJob,
  TenantEvent,
];
