import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { CurrentTenant } from '../ports/current-tenant.port';
import { JobOutbox, outboxEntry, type OutboxEntry } from '../jobs/job-outbox';
import type { Booking, BookingStatus } from '../booking/booking.entity';
import type { BookingMetadata, CustomerDetails, LineItem } from '../booking/line-item';
import { TENANT_EVENTS_SQL } from './tenant-events.queries';
import { webhookEndpointEnabled } from '../jobs/outbox-conditions.queries';

/** The events a tenant's webhook endpoints can subscribe to. */
export const TENANT_EVENT_TYPES = ['booking.created', 'booking.cancelled', 'booking.refunded', 'checkout.expired', 'config.published'] as const;
export type TenantEventType = (typeof TENANT_EVENT_TYPES)[number];

/** A booking as its events describe it (the same shape for created, cancelled and refunded). */
export interface BookingEventData {
  booking: {
    id: string;
    status: BookingStatus;
    eventDate: string;
    packageId: string | null;
    lineItems: LineItem[];
    totalCents: number;
    currency: string;
    customer: { name: string; email: string; phone: string | null };
    notes: string | null;
    metadata: BookingMetadata;
    cancelledAt: string | null;
    refundedAt: string | null;
  };
}

export interface CheckoutExpiredData {
  checkout: { sessionId: string; holdId: string; eventDate: string; customerEmail: string };
}

export interface ConfigPublishedData {
  version: { id: string; version: number; publishedAt: string; publishedBy: { type: string; id: string | null } };
}

export interface TenantEventData {
  'booking.created': BookingEventData;
  'booking.cancelled': BookingEventData;
  'booking.refunded': BookingEventData;
  'checkout.expired': CheckoutExpiredData;
  'config.published': ConfigPublishedData;
}

/** Events (with their deliveries and attempts, the delivery log) are kept this long, then deleted by the sweep. */
export const TENANT_EVENT_RETENTION_DAYS = 30;

/**
 * The fan-out job of an event: its id is derived from the event, so relaying it twice queues it once. It is recorded
 * only while the tenant has an enabled endpoint (most have none, and a job that finds nobody to tell costs the worker a
 * job's work per booking); an endpoint receives the events recorded after it was registered or enabled.
 */
export function fanOutEntry(tenantId: string, eventId: string): OutboxEntry {
  return outboxEntry('tenant-webhooks.fan-out', { tenantId, eventId }, `tenant-event-${eventId}`, webhookEndpointEnabled(tenantId));
}

/**
 * Records tenant events in the caller's transaction, with the job that hands them to the tenant's webhook
 * endpoints (the transactional outbox): an event exists exactly when its change committed, and none is lost
 * while the queue is down. Relay the returned entries after the commit, with the change's other jobs.
 */
@Injectable()
export class TenantEvents {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: JobOutbox,
    private readonly currentTenant: CurrentTenant,
  ) {}

  /**
   * Deletes events older than the retention, with their deliveries and attempts (cascade), for every tenant (the
   * worker's sweep). A delivery still PENDING keeps its event. Returns how many were deleted.
   */
  async forgetOld(retentionDays = TENANT_EVENT_RETENTION_DAYS): Promise<number> {
    // platform-wide: the sweep's retention, for every tenant's events.
    const rows: unknown[] = await this.currentTenant.runUnscoped(() => this.em.execute(TENANT_EVENTS_SQL.forgetOld, [retentionDays]));
    return rows.length;
  }

  /**
   * Records the event, and in the same outbox insert its fan-out job and `jobs`, the change's other jobs (one round
   * trip for all). Returns every entry recorded, `jobs` first, for the relay after the commit.
   */
  async record<T extends TenantEventType>(em: EntityManager, type: T, data: TenantEventData[T], jobs: readonly OutboxEntry[] = []): Promise<OutboxEntry[]> {
    return this.recordEach(em, [{ tenantId: this.currentTenant.tenantId, type, data, jobs } as RecordedEvent]);
  }

  /**
   * Several events in one insert, each with its fan-out and jobs in one outbox insert: for the batched completion of
   * paid checkouts (PaidCheckoutBatch), which runs across tenants; each event names the tenant its verified payment
   * belongs to.
   */
  async recordEach(em: EntityManager, events: readonly RecordedEvent[]): Promise<OutboxEntry[]> {
    if (events.length === 0) return [];
    const rows = events.map((event) => ({ id: randomUUID(), tenant_id: event.tenantId, type: event.type, data: event.data }));
    await em.execute(TENANT_EVENTS_SQL.insertEvents, [JSON.stringify(rows)]);
    const entries = events.flatMap((event, i) => [...(event.jobs ?? []), fanOutEntry(event.tenantId, rows[i].id)]);
    await this.outbox.record(em, entries);
    return entries;
  }
}

/** An event to record, with the jobs of the change that made it. */
export type RecordedEvent = { [T in TenantEventType]: { tenantId: string; type: T; data: TenantEventData[T]; jobs?: readonly OutboxEntry[] } }[TenantEventType];

type BookingEventSource = Pick<
  Booking,
  'id' | 'status' | 'eventDate' | 'packageId' | 'lineItems' | 'totalCents' | 'currency' | 'notes' | 'metadata' | 'cancelledAt' | 'refundedAt'
>;

/** A booking's event data; the customer is passed apart because the booking may hold only its id. */
export function bookingEventData(booking: BookingEventSource, customer: CustomerDetails): BookingEventData {
  return {
    booking: {
      id: booking.id,
      status: booking.status,
      eventDate: booking.eventDate,
      packageId: booking.packageId,
      lineItems: booking.lineItems,
      totalCents: booking.totalCents,
      currency: booking.currency,
      customer: { name: customer.name, email: customer.email, phone: customer.phone },
      notes: booking.notes,
      metadata: booking.metadata,
      cancelledAt: booking.cancelledAt?.toISOString() ?? null,
      refundedAt: booking.refundedAt?.toISOString() ?? null,
    },
  };
}
