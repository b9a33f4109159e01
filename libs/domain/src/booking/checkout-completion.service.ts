import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { CurrentTenant } from '../ports/current-tenant.port';
import { TenantReadsChanged } from '../common/tenant-reads-changed';
import { JobOutbox } from '../jobs/job-outbox';
import { PaymentProvider } from '../ports/payment-provider.port';
import { AvailabilityService } from './availability.service';
import { lockPayment, lockTenantDate, lockTenantDateThenPayment } from './booking-locks';
import { Booking, BookingStatus } from './booking.entity';
import { BookingFailure } from './booking-failure.entity';
import { CheckoutHold, HoldStatus } from './checkout-hold.entity';
import { bookingJobs } from './booking-jobs';
import { bookingEventData, TenantEvents } from '../events/tenant-events';
import type { OutboxEntry } from '../jobs/job-outbox';
import { isPaymentMismatchReason, paymentMismatch, PaymentMismatchReason } from './payment-mismatch';
import { COMPLETION_SQL } from './checkout-completion.queries';
import { upsertCustomers } from './customers';

/**
 * A payment notice that cannot belong to a checkout of this tenant (no such hold, or the hold belongs to
 * another session). Retrying cannot help: the event goes to the dead-letter view for a person to look at.
 */
export class CheckoutMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckoutMismatchError';
  }
}

/** A paid checkout session, as read from the provider's event. */
export interface PaidCheckout {
  sessionId: string;
  holdId: string;
  paymentIntentId: string | null;
  /** What the provider charged, compared with the hold before anything is booked; null when the event lacks it. */
  amountTotalCents: number | null;
  currency: string | null;
}

export type CompletionOutcome =
  /** A PAID booking now exists for the session (made now, or by an earlier event). */
  | { kind: 'booked'; bookingId: string; created: boolean }
  /** The payment had been refunded before its completion arrived: the booking is recorded as REFUNDED. */
  | { kind: 'refunded'; bookingId: string; created: boolean }
  /** The date was taken meanwhile: the payment is refunded (refundId null: it had been refunded elsewhere) and the failure recorded. */
  | { kind: 'date-taken'; bookingFailureId: string; refundId: string | null; created: boolean }
  /** The amount or currency charged is not the hold's: nothing is booked, the payment is refunded and the failure recorded. */
  | { kind: 'payment-mismatch'; reason: PaymentMismatchReason; bookingFailureId: string; refundId: string | null; created: boolean };

export type RefundOutcome = { kind: 'marked'; bookingId: string } | { kind: 'already-refunded'; bookingId: string } | { kind: 'no-booking' };

interface CompletionDecision {
  kind: 'booked' | 'refunded' | 'date-taken' | 'payment-mismatch';
  id: string;
  created: boolean;
  refundId: string | null;
  /** The failure's reason, for a date-taken or payment-mismatch decision. */
  reason?: string;
  /** A full refund of the payment was already reported (e.g. from the provider's dashboard): none is made. */
  refundedElsewhere?: boolean;
  /** The jobs and events a new booking recorded, to relay after the commit. */
  followUps?: OutboxEntry[];
}

/** What earlier runs left for a paid session, read under its locks. */
export interface EarlierOutcome {
  booking: { id: string; status: BookingStatus } | null;
  failure: { id: string; reason: string; refundId: string | null } | null;
  refunded: boolean;
}

/** What earlier runs left for each of these paid sessions (in order), in one round trip, in the caller's transaction. */
export async function earlierOutcomes(em: EntityManager, sessions: readonly { tenantId: string; paid: PaidCheckout }[]): Promise<EarlierOutcome[]> {
  const rows = sessions.map(({ tenantId, paid }, n) => ({ n, tenant_id: tenantId, session_id: paid.sessionId, payment_intent_id: paid.paymentIntentId }));
  return em.execute(COMPLETION_SQL.earlierOutcomes, [JSON.stringify(rows)]);
}

/**
 * What a payment provider's checkout events do to holds and bookings, for the tenant in scope. Every
 * method is idempotent and safe in any order of arrival:
 * - completion is keyed on the checkout session id (a booking or a failure, never both, never two);
 * - a payment whose amount or currency is not the hold's is never booked: it is refunded like a lost date;
 * - a completion takes the tenant-date lock, then the payment lock; a refund notice takes the payment
 *   lock: so a refund notice either finds the booking, or the completion finds the stored refund event;
 * - releasing a hold only touches an OPEN one, so an `expired` after a completion changes nothing.
 * A booking's jobs (emails, calendar) are recorded in the transaction that makes it (JobOutbox) and relayed after
 * the commit; a retried event relays whatever is still waiting, and adds nothing twice.
 */
@Injectable()
export class CheckoutCompletionService {
  constructor(
    private readonly em: EntityManager,
    private readonly currentTenant: CurrentTenant,
    private readonly availability: AvailabilityService,
    private readonly payments: PaymentProvider,
    private readonly outbox: JobOutbox,
    private readonly readsChanged: TenantReadsChanged,
    private readonly events: TenantEvents,
  ) {}

  async confirmPaid(paid: PaidCheckout, options: { isRetry: boolean }): Promise<CompletionOutcome> {
    const tenantId = this.currentTenant.tenantId;
    const hold = await this.em.findOne(CheckoutHold, { id: paid.holdId });
    if (!hold) throw new CheckoutMismatchError(`Paid session ${paid.sessionId} names hold ${paid.holdId}, which this tenant does not have`);
    if (hold.sessionId && hold.sessionId !== paid.sessionId) {
      throw new CheckoutMismatchError(`Paid session ${paid.sessionId} names hold ${hold.id}, which belongs to session ${hold.sessionId}`);
    }

    const decision = await this.em.transactional(async (em): Promise<CompletionDecision> => {
      await lockTenantDateThenPayment(em, tenantId, hold.eventDate, paid.paymentIntentId);

      const [{ booking, failure, refunded }] = await earlierOutcomes(em, [{ tenantId, paid }]);
      if (booking) return { kind: booking.status === BookingStatus.REFUNDED ? 'refunded' : 'booked', id: booking.id, created: false, refundId: null };
      if (failure) {
        const kind = isPaymentMismatchReason(failure.reason) ? 'payment-mismatch' : 'date-taken';
        return { kind, id: failure.id, created: false, refundId: failure.refundId, reason: failure.reason, refundedElsewhere: refunded };
      }

      const current = await em.findOneOrFail(CheckoutHold, { id: hold.id }, { refresh: true });
      // Before the refund and date checks: a payment at a price nobody set never becomes a booking, not even a REFUNDED one.
      const mismatch = paymentMismatch(current, paid);
      if (mismatch) {
        if (current.status === HoldStatus.OPEN) current.status = HoldStatus.RELEASED;
        const charged = chargedAmount(paid);
        const recorded = em.create(BookingFailure, {
          tenant: this.currentTenant.tenantRef(),
          checkoutSessionId: paid.sessionId,
          eventDate: current.eventDate,
          reason: mismatch,
          customerEmail: current.customer.email,
          // What is refunded is what was charged; the hold's figures stand in only for what the event left out.
          amountCents: charged.amountCents ?? current.totalCents,
          currency: charged.currency ?? current.currency,
          paymentIntentId: paid.paymentIntentId,
        });
        return { kind: 'payment-mismatch', id: recorded.id, created: true, refundId: null, reason: mismatch, refundedElsewhere: refunded };
      }
      if (!refunded) {
        // The hold was valid when taken, so a date that has just passed is not held against the payment.
        const availability = await this.availability.check(current.eventDate, { ignoreHoldId: current.id, ignorePast: true });
        if (!availability.available) {
          if (current.status === HoldStatus.OPEN) current.status = HoldStatus.RELEASED;
          const recorded = em.create(BookingFailure, {
            tenant: this.currentTenant.tenantRef(),
            checkoutSessionId: paid.sessionId,
            eventDate: current.eventDate,
            reason: availability.reason!,
            customerEmail: current.customer.email,
            amountCents: current.totalCents,
            currency: current.currency,
            paymentIntentId: paid.paymentIntentId,
          });
          return { kind: 'date-taken', id: recorded.id, created: true, refundId: null };
        }
      }

      const [customerId] = await upsertCustomers(em, [{ tenantId, customer: current.customer }]);
      const now = new Date();
      const created = em.create(Booking, {
        tenant: this.currentTenant.tenantRef(),
        eventDate: current.eventDate,
        status: refunded ? BookingStatus.REFUNDED : BookingStatus.PAID,
        customer: customerId,
        packageId: current.packageId,
        lineItems: current.lineItems,
        totalCents: current.totalCents,
        commissionCents: current.commissionCents,
        commissionPercent: current.commissionPercent,
        currency: current.currency,
        notes: current.notes,
        metadata: current.metadata,
        holdId: current.id,
        checkoutSessionId: paid.sessionId,
        paymentIntentId: paid.paymentIntentId,
        refundedAt: refunded ? now : null,
      });
      current.status = HoldStatus.CONVERTED;
      current.sessionId ??= paid.sessionId;
      let followUps: OutboxEntry[] = [];
      if (!refunded) {
        followUps = await this.events.record(em, 'booking.created', bookingEventData(created, current.customer), bookingJobs(tenantId).confirmed(created.id));
      }
      return { kind: refunded ? 'refunded' : 'booked', id: created.id, created: true, refundId: null, followUps };
    });

    // A booking or a released hold changes what the widget's calendar shows.
    if (decision.created) await this.readsChanged.notify();
    const jobs = bookingJobs(tenantId);
    if (decision.kind === 'date-taken' || decision.kind === 'payment-mismatch') {
      let refundId = decision.refundId;
      if (!refundId && !decision.refundedElsewhere) {
        const why = decision.kind === 'date-taken' ? 'lost its date' : `was refused (${decision.reason})`;
        if (!paid.paymentIntentId) throw new CheckoutMismatchError(`Paid session ${paid.sessionId} ${why} but names no payment to refund`);
        const tenant = await this.currentTenant.tenant();
        const refund = await this.payments.refund({
          connectedAccountId: tenant.stripeAccountId,
          paymentIntentId: paid.paymentIntentId,
          // The same key on every retry: the provider refunds once.
          idempotencyKey: `refund-${decision.kind}-${paid.sessionId}`,
        });
        refundId = refund.refundId;
        await this.em.nativeUpdate(BookingFailure, { id: decision.id }, { refundId, updatedAt: new Date() });
      }
      if (decision.created || decision.refundId === null || options.isRetry) await this.outbox.recordAndRelay(jobs.refundedDateTaken(decision.id));
      if (decision.kind === 'payment-mismatch') {
        return {
          kind: 'payment-mismatch',
          reason: decision.reason as PaymentMismatchReason,
          bookingFailureId: decision.id,
          refundId,
          created: decision.created,
        };
      }
      return { kind: 'date-taken', bookingFailureId: decision.id, refundId, created: decision.created };
    }
    // A retry relays the jobs it can name; an event recorded by an earlier run that died is relayed by the sweep.
    if (decision.kind === 'booked') await this.outbox.relay(decision.followUps ?? jobs.confirmed(decision.id));
    return { kind: decision.kind, bookingId: decision.id, created: decision.created };
  }

  /**
   * The checkout ended unpaid (expired, abandoned, payment failed): its date is free again. An expiry that
   * released the hold is a `checkout.expired` event for the tenant's endpoints.
   */
  async releaseHold(holdId: string, sessionId: string, why: 'expired' | 'payment-failed' = 'expired'): Promise<boolean> {
    const tenantId = this.currentTenant.tenantId;
    const hold = await this.em.findOne(CheckoutHold, { id: holdId });
    if (!hold) throw new CheckoutMismatchError(`Session ${sessionId} names hold ${holdId}, which this tenant does not have`);
    const released = await this.em.transactional(async (em) => {
      await lockTenantDate(em, tenantId, hold.eventDate);
      const count = await em.nativeUpdate(
        CheckoutHold,
        { id: holdId, status: HoldStatus.OPEN, $or: [{ sessionId: null }, { sessionId }] },
        { status: HoldStatus.RELEASED, updatedAt: new Date() },
      );
      const expired =
        count > 0 && why === 'expired'
          ? await this.events.record(em, 'checkout.expired', {
              checkout: { sessionId, holdId, eventDate: hold.eventDate, customerEmail: hold.customer.email },
            })
          : [];
      return { released: count > 0, followUps: expired };
    });
    if (released.released) {
      await this.readsChanged.notify();
      await this.outbox.relay(released.followUps);
    }
    return released.released;
  }

  /** The payment was refunded in full (by us, or from the provider's dashboard): its booking is REFUNDED. */
  async recordRefund(paymentIntentId: string): Promise<RefundOutcome> {
    const tenantId = this.currentTenant.tenantId;
    const outcome = await this.em.transactional(async (em): Promise<RefundOutcome & { wasPaid?: boolean; followUps?: OutboxEntry[] }> => {
      await lockPayment(em, paymentIntentId);
      const booking = await em.findOne(Booking, { paymentIntentId }, { populate: ['customer'] });
      // No booking yet: the completion, when it comes, finds this refund among the stored events.
      if (!booking) return { kind: 'no-booking' };
      if (booking.status === BookingStatus.REFUNDED) return { kind: 'already-refunded', bookingId: booking.id };
      const wasPaid = booking.status === BookingStatus.PAID;
      booking.status = BookingStatus.REFUNDED;
      booking.refundedAt = new Date();
      const jobs = wasPaid ? bookingJobs(tenantId).removedFromCalendar(booking.id) : [];
      const followUps = await this.events.record(em, 'booking.refunded', bookingEventData(booking, booking.customer), jobs);
      return { kind: 'marked', bookingId: booking.id, wasPaid, followUps };
    });
    if (outcome.kind === 'marked') {
      if (outcome.wasPaid) await this.readsChanged.notify();
      await this.outbox.relay(outcome.followUps ?? []);
    }
    return outcome.kind === 'marked' ? { kind: 'marked', bookingId: outcome.bookingId } : outcome;
  }
}

/** The charged amount and currency as a failure can store them (an ISO currency code; else null). */
function chargedAmount(paid: PaidCheckout): { amountCents: number | null; currency: string | null } {
  const currency = paid.currency && /^[a-z]{3}$/.test(paid.currency) ? paid.currency : null;
  return { amountCents: currency ? paid.amountTotalCents : null, currency };
}
