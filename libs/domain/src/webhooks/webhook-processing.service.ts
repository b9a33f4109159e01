import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { TENANT_FILTER } from '../common/tenant-filter';
import { Booking } from '../booking/booking.entity';
import { CheckoutCompletionService, CheckoutMismatchError, type PaidCheckout } from '../booking/checkout-completion.service';
import { PaidCheckoutBatch, type PaidEvent } from '../booking/paid-checkout-batch';
import { CurrentTenant } from '../ports/current-tenant.port';
import { Tenant } from '../tenant/tenant.entity';
import type { ChargeRef, CheckoutSessionRef, ConnectAccountRef, ProviderNotice } from './payment-notice';
import { PaymentProvider } from '../ports/payment-provider.port';
import { describeError } from './webhook-error';
import { WebhookEvent, WebhookEventStatus } from './webhook-event.entity';
import { PROCESSING_SQL } from './webhook-processing.queries';

/** What processing an event recorded, and when the event arrived (for the lag metric). */
export interface ProcessedEvent {
  status: WebhookEventStatus.PROCESSED | WebhookEventStatus.IGNORED | WebhookEventStatus.FAILED;
  receivedAt: Date;
}

interface Outcome {
  status: WebhookEventStatus.PROCESSED | WebhookEventStatus.IGNORED | WebhookEventStatus.FAILED;
  tenantId?: string;
  /** Why it was ignored or failed, kept in lastError for the dead-letter view. */
  note?: string;
}

/**
 * Turns one stored provider event into its effect (the worker's `webhooks.process` job). Loads the event
 * platform-level, finds its tenant in the checkout metadata (and checks it against the event's connected
 * account), then acts inside that tenant's scope. Every effect is idempotent, so a retried or replayed
 * event does no harm; an event no longer PENDING is not processed again. A failing attempt is counted and
 * its error kept, then rethrown for the queue to retry with backoff; `markFailed` ends it after the last.
 */
@Injectable()
export class WebhookProcessingService {
  private readonly logger = new Logger(WebhookProcessingService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly currentTenant: CurrentTenant,
    private readonly completion: CheckoutCompletionService,
    private readonly payments: PaymentProvider,
    private readonly paidBatch: PaidCheckoutBatch,
  ) {}

  /** Returns the outcome recorded and when the event arrived (for the lag metric), or null when it was not PENDING. */
  async process(webhookEventId: string): Promise<ProcessedEvent | null> {
    const stored = await this.currentTenant.runUnscoped(() => this.em.findOne(WebhookEvent, { id: webhookEventId }, { disableIdentityMap: true }));
    if (!stored || stored.status !== WebhookEventStatus.PENDING) return null;
    // The payments adapter reads the provider's envelope; from here on only its notice counts.
    const event = this.payments.readNotice(stored.payload);
    let outcome: Outcome;
    try {
      outcome = event
        ? await this.handle(event, { isRetry: stored.attempts > 0 })
        : { status: WebhookEventStatus.IGNORED, note: 'The payload is not an event MAIS can read' };
    } catch (error) {
      if (error instanceof CheckoutMismatchError) {
        outcome = { status: WebhookEventStatus.FAILED, note: describeError(error) };
      } else {
        await this.recordFailedAttempt(webhookEventId, error);
        throw error;
      }
    }
    await this.record(webhookEventId, outcome);
    return { status: outcome.status, receivedAt: stored.receivedAt };
  }

  /**
   * Several stored events at once (a worker's batch, ADR 0024): first attempts of paid checkouts in the plain case are
   * booked together (PaidCheckoutBatch); returns their outcomes, and in `rest` every other id for `process`, one at a
   * time. Ids no longer PENDING are done (null), as `process` would find them.
   */
  async processBatch(webhookEventIds: readonly string[]): Promise<{ done: Map<string, ProcessedEvent | null>; rest: string[] }> {
    const rows: { id: string; payload: unknown; attempts: number; received_at: string | Date }[] = await this.currentTenant.runUnscoped(() =>
      this.em.execute(PROCESSING_SQL.pendingEvents, [JSON.stringify(webhookEventIds)]),
    );
    const pending = new Map(rows.map((row) => [row.id, row]));
    const done = new Map<string, ProcessedEvent | null>(webhookEventIds.filter((id) => !pending.has(id)).map((id) => [id, null]));
    const paid: PaidEvent[] = [];
    const rest: string[] = [];
    for (const row of rows) {
      const event = this.payments.readNotice(row.payload);
      if (event?.notice.kind === 'checkout-paid' && row.attempts === 0) {
        const { session } = event.notice;
        paid.push({ webhookEventId: row.id, tenantId: session.tenantId, account: event.account, paid: paidCheckoutOf(session) });
      } else {
        rest.push(row.id);
      }
    }
    const batch = await this.paidBatch.book(paid);
    for (const id of batch.booked.keys()) done.set(id, { status: WebhookEventStatus.PROCESSED, receivedAt: new Date(pending.get(id)!.received_at) });
    return { done, rest: [...rest, ...batch.rest] };
  }

  /** After the last attempt: the event goes to the dead-letter view (FAILED), replayable by a platform admin. */
  async markFailed(webhookEventId: string, error: unknown): Promise<void> {
    await this.currentTenant.runUnscoped(() => this.em.execute(PROCESSING_SQL.markFailed, [describeError(error), webhookEventId]));
  }

  private async handle(event: ProviderNotice, options: { isRetry: boolean }): Promise<Outcome> {
    const { notice } = event;
    switch (notice.kind) {
      case 'checkout-paid':
        return this.sessionPaid(notice.session, event.account, options);
      case 'checkout-awaiting-payment':
        return this.sessionAwaitingPayment(notice.session, event.account);
      case 'checkout-closed':
        return this.sessionClosed(notice.session, notice.why, event.account);
      case 'charge-refunded':
        return this.chargeRefunded(notice.charge, event.account);
      case 'account-updated':
        return this.accountUpdated(notice.account, event.created);
      case 'account-disconnected':
        return this.accountDeauthorized(notice.accountId, event.created);
      case 'ignored':
        return { status: WebhookEventStatus.IGNORED, note: notice.note };
    }
  }

  private async sessionPaid(session: CheckoutSessionRef, account: string | null, options: { isRetry: boolean }): Promise<Outcome> {
    const tenant = await this.tenantFor(session.tenantId, account);
    if (!(tenant instanceof Tenant)) return tenant;
    const outcome = await this.currentTenant.run(tenant.id, () => this.completion.confirmPaid(paidCheckoutOf(session), options));
    const refunded = outcome.kind === 'date-taken' || outcome.kind === 'payment-mismatch' ? `refunded (${outcome.refundId ?? 'already, elsewhere'})` : '';
    if (outcome.kind === 'date-taken') this.logger.warn(`Paid session ${session.sessionId} lost its date; ${refunded}`);
    if (outcome.kind === 'payment-mismatch') {
      this.logger.warn(
        `Paid session ${session.sessionId} charged ${session.amountTotalCents} ${session.currency}, not its hold's price (${outcome.reason}); ${refunded}`,
      );
    }
    return { status: WebhookEventStatus.PROCESSED, tenantId: tenant.id };
  }

  /** A delayed payment method: the hold waits for the payment's outcome (another notice). */
  private async sessionAwaitingPayment(session: CheckoutSessionRef, account: string | null): Promise<Outcome> {
    const tenant = await this.tenantFor(session.tenantId, account);
    if (!(tenant instanceof Tenant)) return tenant;
    return { status: WebhookEventStatus.PROCESSED, tenantId: tenant.id };
  }

  private async sessionClosed(session: CheckoutSessionRef, why: 'expired' | 'payment-failed', account: string | null): Promise<Outcome> {
    const tenant = await this.tenantFor(session.tenantId, account);
    if (!(tenant instanceof Tenant)) return tenant;
    await this.currentTenant.run(tenant.id, () => this.completion.releaseHold(session.holdId, session.sessionId, why));
    return { status: WebhookEventStatus.PROCESSED, tenantId: tenant.id };
  }

  private async chargeRefunded(charge: ChargeRef, account: string | null): Promise<Outcome> {
    // A partial refund leaves the booking as sold.
    if (!charge.fullyRefunded) return { status: WebhookEventStatus.PROCESSED, tenantId: charge.tenantId ?? undefined };
    const tenantId = charge.tenantId ?? (await this.tenantOfPayment(charge.paymentIntentId));
    // No booking anywhere yet and no tenant named: the stored event is what a later completion looks for.
    if (!tenantId) return { status: WebhookEventStatus.PROCESSED };
    const tenant = await this.tenantFor(tenantId, account);
    if (!(tenant instanceof Tenant)) return tenant;
    await this.currentTenant.run(tenant.id, () => this.completion.recordRefund(charge.paymentIntentId));
    return { status: WebhookEventStatus.PROCESSED, tenantId: tenant.id };
  }

  /** Connect: what the connected account can do now (charges, details, requirements), kept on its tenant. */
  private accountUpdated(account: ConnectAccountRef, created: number | null): Promise<Outcome> {
    return this.applyAccountStatus(account.accountId, created, {
      charges_enabled: account.chargesEnabled,
      details_submitted: account.detailsSubmitted,
      payment_requirements_due: JSON.stringify(account.requirementsDue),
      payments_disabled_reason: account.disabledReason,
    });
  }

  /** Connect: the account disconnected the platform; its tenant takes no payment until it onboards again. */
  private accountDeauthorized(accountId: string, created: number | null): Promise<Outcome> {
    return this.applyAccountStatus(accountId, created, {
      charges_enabled: false,
      payments_disconnected_at: new Date((created ?? Math.floor(Date.now() / 1000)) * 1000),
    });
  }

  /**
   * Sets the payment status columns of the tenant using `accountId`, unless it holds a status from a later event
   * (Stripe does not deliver in order). Platform-level: the account, not a checkout, names the tenant.
   */
  private async applyAccountStatus(accountId: string, created: number | null, columns: Record<string, unknown>): Promise<Outcome> {
    const at = new Date((created ?? Math.floor(Date.now() / 1000)) * 1000);
    const names = Object.keys(columns);
    return this.currentTenant.runUnscoped(async () => {
      const updated: { id: string }[] = await this.em.execute(PROCESSING_SQL.applyAccountStatus(names), [...Object.values(columns), at, accountId, at]);
      if (updated.length > 0) return { status: WebhookEventStatus.PROCESSED, tenantId: updated[0].id };
      const [tenant]: { id: string }[] = await this.em.execute(PROCESSING_SQL.tenantOfAccount, [accountId]);
      if (!tenant) return { status: WebhookEventStatus.IGNORED, note: `No tenant uses account ${accountId}` };
      return { status: WebhookEventStatus.PROCESSED, tenantId: tenant.id, note: 'Older than the account status on record; not applied' };
    });
  }

  /**
   * The tenant an event names, if it exists and the event came from its connected account. A mismatch
   * is not retried: it needs a person (e.g. the tenant's Stripe account was changed mid-checkout).
   */
  private async tenantFor(tenantId: string, account: string | null): Promise<Tenant | Outcome> {
    const tenant = await this.currentTenant.runUnscoped(() => this.em.findOne(Tenant, { id: tenantId }, { disableIdentityMap: true }));
    if (!tenant) return { status: WebhookEventStatus.IGNORED, note: `No tenant ${tenantId}` };
    if ((tenant.stripeAccountId ?? null) !== account) {
      return {
        status: WebhookEventStatus.FAILED,
        tenantId: tenant.id,
        note: `The event came from account ${account ?? '(platform)'}, but tenant ${tenant.id} uses ${tenant.stripeAccountId ?? '(none)'}`,
      };
    }
    return tenant;
  }

  /** Platform-level lookup of the tenant whose booking holds a payment (refund notices without our metadata). */
  private async tenantOfPayment(paymentIntentId: string): Promise<string | null> {
    const booking = await this.currentTenant.runUnscoped(() =>
      this.em.findOne(Booking, { paymentIntentId }, { filters: { [TENANT_FILTER]: false }, fields: ['tenant'], disableIdentityMap: true }),
    );
    return booking?.tenant.id ?? null;
  }

  private async record(webhookEventId: string, outcome: Outcome): Promise<void> {
    if (outcome.status === WebhookEventStatus.FAILED) this.logger.error(`Webhook event ${webhookEventId} FAILED without retry: ${outcome.note}`);
    else if (outcome.note) this.logger.log(`Webhook event ${webhookEventId} ${outcome.status}: ${outcome.note}`);
    await this.currentTenant.runUnscoped(() =>
      this.em.execute(PROCESSING_SQL.record, [outcome.status, outcome.status, outcome.tenantId ?? null, outcome.note ?? null, outcome.status, webhookEventId]),
    );
  }

  private async recordFailedAttempt(webhookEventId: string, error: unknown): Promise<void> {
    try {
      await this.currentTenant.runUnscoped(() => this.em.execute(PROCESSING_SQL.recordFailedAttempt, [describeError(error), webhookEventId]));
    } catch (recordError) {
      // The queue still retries; only the bookkeeping of this attempt is lost.
      this.logger.error(`Could not record the failed attempt of webhook event ${webhookEventId}: ${(recordError as Error).message}`);
    }
  }
}

/** The payment facts of a paid session, as the completion reads them. */
function paidCheckoutOf(session: CheckoutSessionRef): PaidCheckout {
  const { sessionId, holdId, paymentIntentId, amountTotalCents, currency } = session;
  return { sessionId, holdId, paymentIntentId, amountTotalCents, currency };
}
