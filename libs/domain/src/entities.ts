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
import { CalendarBusyDay } from './calendar/calendar-busy-day.entity';
import { CalendarSettings } from './calendar/calendar-settings.entity';
import { EmailDelivery } from './notifications/email-delivery.entity';
import { ConfigVersion } from './config/config-version.entity';
import { ConfigChangeLog } from './config/config-change-log.entity';
import { AgentProposal } from './config/agent-proposal.entity';
import { TenantEvent } from './events/tenant-event.entity';
import { WebhookEndpoint } from './events/webhook-endpoint.entity';
import { WebhookDelivery, WebhookDeliveryAttempt } from './events/webhook-delivery.entity';
import { BaseEntity } from './common/base.entity';
import { TenantOwnedEntity } from './common/tenant-owned.entity';

/** Every entity, for the ORM configuration (explicit, so bundling or renaming files never hides one). */
export const ENTITIES = [
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
  CalendarBusyDay,
  CalendarSettings,
  EmailDelivery,
  ConfigVersion,
  ConfigChangeLog,
  AgentProposal,
  TenantEvent,
  WebhookEndpoint,
  WebhookDelivery,
  WebhookDeliveryAttempt,
];
