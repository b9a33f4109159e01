import { Injectable, Logger } from '@nestjs/common';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { DateUnavailableError, FieldError, NotFoundError, ValidationError } from '../common/domain.error';
import { TENANT_FILTER } from '../common/tenant-filter';
import { CatalogService } from '../catalog/catalog.service';
import type { AddOn } from '../catalog/add-on.entity';
import type { Package } from '../catalog/package.entity';
import { CurrentTenant } from '../ports/current-tenant.port';
import { TenantReadsChanged } from '../common/tenant-reads-changed';
import { paymentReadiness, PaymentsNotReadyError } from '../tenant/payment-readiness';
import { PaymentProvider } from '../ports/payment-provider.port';
import { assertCalendarDate, assertDateRange } from './availability';
import { AvailabilityService } from './availability.service';
import { lockTenantDate } from './booking-locks';
import { Booking, BookingStatus } from './booking.entity';
import { BookingFailure } from './booking-failure.entity';
import { CheckoutHold, HoldStatus } from './checkout-hold.entity';
import { CheckoutOptions } from './checkout-options';
import { priceCheckout } from './checkout-pricing';
import type { BookingMetadata, LineItem } from './line-item';
import { CHECKOUT_SQL } from './checkout.queries';

export interface CheckoutInput {
  packageSlug: string;
  addOnIds?: string[];
  eventDate: string;
  customer: { email: string; name: string; phone?: string | null };
  notes?: string | null;
  metadata?: BookingMetadata;
  successUrl?: string;
  cancelUrl?: string;
}

export interface CheckoutResult {
  sessionId: string;
  checkoutUrl: string;
  expiresAt: Date;
  totalCents: number;
  commissionCents: number;
  currency: string;
}

type NewHold = Pick<
  CheckoutHold,
  | 'eventDate'
  | 'expiresAt'
  | 'packageId'
  | 'lineItems'
  | 'customer'
  | 'notes'
  | 'metadata'
  | 'totalCents'
  | 'commissionCents'
  | 'commissionPercent'
  | 'currency'
  | 'successUrl'
  | 'cancelUrl'
>;

/** A checkout session as the dev checkout page shows it (simulated payments). */
export interface CheckoutSessionView {
  sessionId: string;
  holdId: string;
  tenantId: string;
  tenantName: string;
  connectedAccountId: string | null;
  eventDate: string;
  lineItems: LineItem[];
  totalCents: number;
  currency: string;
  customerEmail: string;
  expiresAt: Date;
  status: 'open' | 'complete' | 'expired';
  /** The checkout's success URL as the client named it (any `{CHECKOUT_SESSION_ID}` left for the page to fill in); null if it named none. */
  successUrl: string | null;
  cancelUrl: string | null;
}

/** How a checkout ended, or that it has not yet (OPEN: not paid yet, or paid and the booking still being made). */
export type CheckoutProgress = 'OPEN' | 'CONFIRMED' | 'EXPIRED' | 'REFUNDED' | 'CANCELLED';

/** A checkout's progress as the widget's return page shows it to the customer: nothing about the customer. */
export interface CheckoutStatusView {
  sessionId: string;
  status: CheckoutProgress;
  /**
   * REFUNDED: why (the date's DATE_UNAVAILABLE reason such as BOOKED, AMOUNT_MISMATCH / CURRENCY_MISMATCH, or
   * CANCELLED when the business cancelled the booking with a refund); null otherwise.
   */
  reason: string | null;
  eventDate: string;
  packageName: string;
  totalCents: number;
  currency: string;
  expiresAt: Date;
  /** CONFIRMED (and CANCELLED, REFUNDED by the business): the booking. */
  bookingId: string | null;
}

/**
 * Starts a checkout: prices the package and add-ons, holds the date, and opens the payment provider's
 * checkout session for it. The hold comes first (under the tenant-date lock, after re-checking
 * availability), the session second, keyed by the hold id; if the provider fails the hold is released,
 * so there is never a session without a hold nor a hold left behind by a failed checkout.
 */
@Injectable()
export class CheckoutService {
  private readonly logger = new Logger(CheckoutService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly currentTenant: CurrentTenant,
    private readonly catalog: CatalogService,
    private readonly availability: AvailabilityService,
    private readonly payments: PaymentProvider,
    private readonly options: CheckoutOptions,
    private readonly readsChanged: TenantReadsChanged,
  ) {}

  async start(input: CheckoutInput): Promise<CheckoutResult> {
    assertCalendarDate(input.eventDate, 'eventDate');
    const tenant = await this.currentTenant.tenant();
    const readiness = paymentReadiness(tenant, this.payments.simulated);
    if (!readiness.ready) throw new PaymentsNotReadyError(readiness.missing);
    // A cheap refusal first (one query), before the catalog and the lock; the answer that counts is the one under the lock.
    const early = await this.availability.check(input.eventDate);
    if (!early.available) throw new DateUnavailableError(input.eventDate, early.reason!);
    const pkg = await this.activePackage(input.packageSlug);
    const price = priceCheckout(pkg, this.chosenAddOns(pkg, input.addOnIds ?? []), tenant.commissionPercent);

    const requestedExpiry = new Date(Date.now() + this.options.expiryMinutes * 60_000);
    const hold = await this.holdDate({
      eventDate: input.eventDate,
      expiresAt: requestedExpiry,
      packageId: pkg.id,
      lineItems: price.lineItems,
      customer: { email: input.customer.email.trim().toLowerCase(), name: input.customer.name.trim(), phone: input.customer.phone?.trim() || null },
      notes: input.notes?.trim() || null,
      metadata: input.metadata ?? {},
      totalCents: price.totalCents,
      commissionCents: price.commissionCents,
      commissionPercent: price.commissionPercent,
      currency: tenant.currency,
      // As the client named them: without one, the simulated page shows the outcome itself.
      successUrl: input.successUrl ?? null,
      cancelUrl: input.cancelUrl ?? null,
    });

    await this.readsChanged.notify();

    let session;
    try {
      session = await this.payments.createCheckoutSession({
        holdId: hold.id,
        tenantId: tenant.id,
        connectedAccountId: tenant.stripeAccountId,
        eventDate: hold.eventDate,
        currency: hold.currency,
        lineItems: hold.lineItems,
        totalCents: hold.totalCents,
        applicationFeeCents: hold.commissionCents,
        customerEmail: hold.customer.email,
        expiresAt: requestedExpiry,
        successUrl: input.successUrl ?? this.options.defaultSuccessUrl,
        cancelUrl: input.cancelUrl ?? this.options.defaultCancelUrl,
      });
    } catch (error) {
      await this.releaseFailedHold(hold.id);
      await this.readsChanged.notify();
      throw error;
    }

    // The provider may have moved the expiry (Stripe's 30-minute minimum): the hold lasts as long as the session.
    await this.em.nativeUpdate(
      CheckoutHold,
      { id: hold.id },
      { sessionId: session.sessionId, checkoutUrl: session.checkoutUrl, expiresAt: session.expiresAt, updatedAt: new Date() },
    );
    return {
      sessionId: session.sessionId,
      checkoutUrl: session.checkoutUrl,
      expiresAt: session.expiresAt,
      totalCents: hold.totalCents,
      commissionCents: hold.commissionCents,
      currency: hold.currency,
    };
  }

  /**
   * Platform-level: the checkout session a session id names, whichever tenant it belongs to (the session
   * id is the capability, as on Stripe's own page). For the simulated payment page only.
   */
  async findSession(sessionId: string): Promise<CheckoutSessionView | null> {
    // Refreshed: the page polls this while the worker turns the payment into a booking.
    const hold = await this.em.findOne(CheckoutHold, { sessionId }, { populate: ['tenant'], filters: { [TENANT_FILTER]: false }, refresh: true });
    if (!hold?.sessionId) return null;
    const expired = hold.status === HoldStatus.RELEASED || (hold.status === HoldStatus.OPEN && hold.expiresAt.getTime() <= Date.now());
    return {
      sessionId: hold.sessionId,
      holdId: hold.id,
      tenantId: hold.tenant.id,
      tenantName: hold.tenant.name,
      connectedAccountId: hold.tenant.stripeAccountId,
      eventDate: hold.eventDate,
      lineItems: hold.lineItems,
      totalCents: hold.totalCents,
      currency: hold.currency,
      customerEmail: hold.customer.email,
      expiresAt: hold.expiresAt,
      status: hold.status === HoldStatus.CONVERTED ? 'complete' : expired ? 'expired' : 'open',
      successUrl: hold.successUrl,
      cancelUrl: hold.cancelUrl,
    };
  }

  /** The current tenant's dates held by open checkouts between `from` and `to` (inclusive), by date. */
  async openHolds(from: string, to: string): Promise<CheckoutHold[]> {
    assertDateRange(from, to);
    return this.em.find(
      CheckoutHold,
      { status: HoldStatus.OPEN, expiresAt: { $gt: new Date() }, eventDate: { $gte: from, $lte: to } },
      { orderBy: { eventDate: 'asc' } },
    );
  }

  /** The current tenant's checkout by session id, with how far it got; null when it has none by that id. */
  async progress(sessionId: string): Promise<CheckoutStatusView | null> {
    // Tenant-filtered: another tenant's session is not found, exactly like one that does not exist.
    const hold = await this.em.findOne(CheckoutHold, { sessionId }, { refresh: true });
    if (!hold?.sessionId) return null;
    const [booking, failure] = await Promise.all([
      this.em.findOne(Booking, { checkoutSessionId: sessionId }, { refresh: true, fields: ['id', 'status', 'refundedAt'] }),
      this.em.findOne(BookingFailure, { checkoutSessionId: sessionId }, { fields: ['reason'] }),
    ]);
    let status: CheckoutProgress = 'OPEN';
    let reason: string | null = null;
    if (booking) {
      if (booking.status === BookingStatus.PAID) status = 'CONFIRMED';
      else if (booking.status === BookingStatus.REFUNDED) [status, reason] = ['REFUNDED', 'CANCELLED'];
      else status = 'CANCELLED';
    } else if (failure) {
      [status, reason] = ['REFUNDED', failure.reason];
    } else if (hold.status === HoldStatus.RELEASED || (hold.status === HoldStatus.OPEN && hold.expiresAt.getTime() <= Date.now())) {
      status = 'EXPIRED';
    }
    return {
      sessionId: hold.sessionId,
      status,
      reason,
      eventDate: hold.eventDate,
      packageName: hold.lineItems.find((item) => item.kind === 'PACKAGE')?.name ?? '',
      totalCents: hold.totalCents,
      currency: hold.currency,
      expiresAt: hold.expiresAt,
      bookingId: booking?.id ?? null,
    };
  }

  private async holdDate(data: NewHold): Promise<CheckoutHold> {
    const tenantId = this.currentTenant.tenantId;
    try {
      return await this.em.transactional(async (em) => {
        await lockTenantDate(em, tenantId, data.eventDate);
        // Holds past their expiry no longer block the date; release them so the one-open-hold index allows a new one.
        await em.execute(CHECKOUT_SQL.holdDate, [tenantId, data.eventDate, new Date()]);
        const availability = await this.availability.check(data.eventDate);
        if (!availability.available) throw new DateUnavailableError(data.eventDate, availability.reason!);
        return em.create(CheckoutHold, { ...data, tenant: this.currentTenant.tenantRef() });
      });
    } catch (error) {
      // The partial unique index is the last line: whatever slipped past the lock is a taken date, not a 500.
      if (error instanceof UniqueConstraintViolationException) throw new DateUnavailableError(data.eventDate, 'HELD');
      throw error;
    }
  }

  private async releaseFailedHold(holdId: string): Promise<void> {
    try {
      await this.em.nativeUpdate(CheckoutHold, { id: holdId, status: HoldStatus.OPEN }, { status: HoldStatus.RELEASED, updatedAt: new Date() });
    } catch (error) {
      // The hold still expires on its own; the customer sees the provider's failure either way.
      this.logger.error(`Could not release hold ${holdId} after the payment provider failed: ${(error as Error).message}`);
    }
  }

  private async activePackage(slug: string): Promise<Package> {
    try {
      return await this.catalog.getActiveBySlug(slug);
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new ValidationError('Unknown package', [{ field: 'packageSlug', message: 'is not an active package of this business' }]);
      }
      throw error;
    }
  }

  /** The chosen add-ons, in the order given: each must be an active add-on of the package, and chosen once. */
  private chosenAddOns(pkg: Package, addOnIds: string[]): AddOn[] {
    const offered = new Map(
      pkg.addOns
        .getItems()
        .filter((a) => a.active)
        .map((a) => [a.id, a]),
    );
    const errors: FieldError[] = [];
    const chosen: AddOn[] = [];
    const seen = new Set<string>();
    addOnIds.forEach((rawId, index) => {
      const id = rawId.toLowerCase();
      const addOn = offered.get(id);
      if (seen.has(id)) errors.push({ field: `addOnIds[${index}]`, message: 'is chosen more than once' });
      else if (!addOn) errors.push({ field: `addOnIds[${index}]`, message: 'is not an active add-on of this package' });
      else chosen.push(addOn);
      seen.add(id);
    });
    if (errors.length) throw new ValidationError('Invalid add-ons', errors);
    return chosen;
  }
}
