import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DeadlockException, EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { TenantReadsChanged } from '../common/tenant-reads-changed';
import { bookingEventData, TenantEvents, type RecordedEvent } from '../events/tenant-events';
import { JobOutbox, type OutboxEntry } from '../jobs/job-outbox';
import { CurrentTenant } from '../ports/current-tenant.port';
import { AvailabilityService } from './availability.service';
import { bookingJobs } from './booking-jobs';
import { lockCompletions } from './booking-locks';
import { BookingStatus } from './booking.entity';
import { earlierOutcomes, type PaidCheckout } from './checkout-completion.service';
import { HoldStatus } from './checkout-hold.entity';
import { upsertCustomers } from './customers';
import type { BookingMetadata, CustomerDetails, LineItem } from './line-item';
import { paymentMismatch } from './payment-mismatch';
import { PAID_BATCH_SQL } from './paid-checkout-batch.queries';

/** A paid checkout of a stored webhook event, with what the event says about where it came from. */
export interface PaidEvent {
  webhookEventId: string;
  /** The tenant the checkout's metadata names (checked here against the hold and the connected account). */
  tenantId: string;
  /** The connected account the event came from (null: the platform's own). */
  account: string | null;
  paid: PaidCheckout;
}

export interface PaidBatchResult {
  /** Booked now, their stored events PROCESSED in the same transaction: webhook event id → booking id. */
  booked: Map<string, string>;
  /** Every other event, untouched: for CheckoutCompletionService, one at a time. */
  rest: string[];
}

interface HoldRow {
  n: number;
  id: string;
  status: HoldStatus;
  event_date: string;
  session_id: string | null;
  customer: CustomerDetails;
  package_id: string;
  line_items: LineItem[];
  total_cents: number;
  currency: string;
  notes: string | null;
  metadata: BookingMetadata;
  stripe_account_id: string | null;
}

interface Candidate extends PaidEvent {
  hold: HoldRow;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The common case of a paid checkout, many at once (ADR 0024): a webhook storm brings hundreds of payments a second,
 * and one at a time each costs a transaction of its own. Here the events a worker holds together are booked in one
 * transaction of a few statements, whatever their tenants: every statement binds each row's tenant (the one its
 * event names, checked against the hold and the connected account, as CheckoutCompletionService does).
 *
 * Only the plain case is booked here: an OPEN hold of the event's session at the price charged, no earlier outcome
 * for the session, no refund reported, the date free. Anything else (a lost race, a mismatch, a retry, a second event
 * for the same date or session in the batch) is left in `rest` for CheckoutCompletionService, which decides it one
 * at a time as before. The same locks are taken (every date, then every payment, in sorted order), under them the
 * same reads (earlier outcomes, availability), and one statement books only if every hold is still OPEN and every
 * event still PENDING, else the batch rolls back and every event goes to `rest`: the batch can only book what the
 * single path would have booked.
 */
@Injectable()
export class PaidCheckoutBatch {
  constructor(
    private readonly em: EntityManager,
    private readonly currentTenant: CurrentTenant,
    private readonly availability: AvailabilityService,
    private readonly events: TenantEvents,
    private readonly outbox: JobOutbox,
    private readonly readsChanged: TenantReadsChanged,
  ) {}

  async book(events: readonly PaidEvent[]): Promise<PaidBatchResult> {
    const { candidates, rest } = await this.candidates(events);
    if (candidates.length === 0) return { booked: new Map(), rest };
    const nothing = (leftOver: Candidate[]) => ({ booked: new Map<string, string>(), followUps: [] as OutboxEntry[], leftOver });

    const outcome = await this.currentTenant
      .runUnscoped(() =>
        this.em.transactional(async (em) => {
          await lockCompletions(
            em,
            candidates.map((c) => ({ tenantId: c.tenantId, date: c.hold.event_date, paymentIntentId: c.paid.paymentIntentId })),
          );
          const earlier = await earlierOutcomes(em, candidates);
          const reasons = await this.availability.reasonsForEach(
            candidates.map((c) => ({ tenantId: c.tenantId, date: c.hold.event_date, ignoreHoldId: c.hold.id })),
          );
          // Anything an earlier run left, or a date no longer free: the single path decides it.
          const plain = (i: number) => !earlier[i].booking && !earlier[i].failure && !earlier[i].refunded && reasons[i] === null;
          const booking = candidates.filter((_, i) => plain(i));
          const leftOver = candidates.filter((_, i) => !plain(i));
          if (booking.length === 0) return nothing(leftOver);

          const customerIds = await upsertCustomers(
            em,
            booking.map((c) => ({ tenantId: c.tenantId, customer: c.hold.customer })),
          );
          const rows = booking.map((c, i) => ({
            tenant_id: c.tenantId,
            hold_id: c.hold.id,
            booking_id: randomUUID(),
            customer_id: customerIds[i],
            session_id: c.paid.sessionId,
            payment_intent_id: c.paid.paymentIntentId,
            webhook_event_id: c.webhookEventId,
          }));
          const [changed]: { booked: number; converted: number; processed: number }[] = await em.execute(PAID_BATCH_SQL.book, [JSON.stringify(rows)]);
          if (changed.booked !== rows.length || changed.converted !== rows.length || changed.processed !== rows.length) {
            // A hold or an event changed since it was read (another worker, an expiry): decide each one alone.
            throw new BatchOvertaken(`${rows.length} paid checkouts, but ${JSON.stringify(changed)} changed`);
          }
          const recorded: RecordedEvent[] = booking.map((c, i) => ({
            tenantId: c.tenantId,
            type: 'booking.created',
            data: bookingEventData(
              {
                id: rows[i].booking_id,
                status: BookingStatus.PAID,
                eventDate: c.hold.event_date,
                packageId: c.hold.package_id,
                lineItems: c.hold.line_items,
                totalCents: c.hold.total_cents,
                currency: c.hold.currency,
                notes: c.hold.notes,
                metadata: c.hold.metadata,
                cancelledAt: null,
                refundedAt: null,
              },
              c.hold.customer,
            ),
            jobs: bookingJobs(c.tenantId).confirmed(rows[i].booking_id),
          }));
          const followUps = await this.events.recordEach(em, recorded);
          return { booked: new Map(booking.map((c, i) => [c.webhookEventId, rows[i].booking_id])), followUps, leftOver };
        }),
      )
      .catch((error: unknown) => {
        // Rolled back: every candidate is decided alone.
        if (!(error instanceof BatchOvertaken) && !isDatabaseConflict(error)) throw error;
        return nothing(candidates);
      });

    // As after a single completion: the widget's calendar changed, and the jobs go to the queue after the commit.
    const tenants = new Set(candidates.filter((c) => outcome.booked.has(c.webhookEventId)).map((c) => c.tenantId));
    await Promise.all([...tenants].map((tenantId) => this.currentTenant.run(tenantId, () => this.readsChanged.notify())));
    await this.outbox.relay(outcome.followUps);
    return { booked: outcome.booked, rest: [...rest, ...outcome.leftOver.map((c) => c.webhookEventId)] };
  }

  /**
   * The events the batch can take, with their holds (read before the locks: a hold's date and price do not change;
   * its status is checked again when booking). The others go to `rest`.
   */
  private async candidates(events: readonly PaidEvent[]): Promise<{ candidates: Candidate[]; rest: string[] }> {
    const wanted = events.filter((e) => UUID.test(e.tenantId) && UUID.test(e.paid.holdId));
    const holds: HoldRow[] = wanted.length
      ? await this.currentTenant.runUnscoped(() =>
          this.em.execute(PAID_BATCH_SQL.holds, [JSON.stringify(wanted.map((e, n) => ({ n, tenant_id: e.tenantId, hold_id: e.paid.holdId })))]),
        )
      : [];
    const holdOf = new Map(holds.map((hold) => [wanted[hold.n], hold]));
    const taken = new Set<string>();
    const candidates: Candidate[] = [];
    const rest: string[] = [];
    for (const event of events) {
      const hold = holdOf.get(event);
      // One event per date, session and payment in a batch: a second one is decided after the first, alone.
      const keys = [
        `date ${event.tenantId} ${hold?.event_date}`,
        `session ${event.paid.sessionId}`,
        `payment ${event.paid.paymentIntentId ?? event.paid.sessionId}`,
      ];
      const plain =
        hold !== undefined &&
        hold.status === HoldStatus.OPEN &&
        (hold.stripe_account_id ?? null) === event.account &&
        (hold.session_id === null || hold.session_id === event.paid.sessionId) &&
        paymentMismatch({ totalCents: hold.total_cents, currency: hold.currency }, event.paid) === null &&
        !keys.some((key) => taken.has(key));
      if (!plain) {
        rest.push(event.webhookEventId);
        continue;
      }
      keys.forEach((key) => taken.add(key));
      candidates.push({ ...event, hold });
    }
    return { candidates, rest };
  }
}

/** The batch found a hold or an event changed after reading it: rolled back, each event decided alone. */
class BatchOvertaken extends Error {}

/** A unique violation or a deadlock: what a concurrent single completion can cause; the events are decided alone. */
function isDatabaseConflict(error: unknown): boolean {
  return error instanceof UniqueConstraintViolationException || error instanceof DeadlockException;
}
