import type { ChargeRef, CheckoutSessionRef, ConnectAccountRef, PaymentNotice, ProviderNotice } from '@mais/domain';

/**
 * Reading Stripe's events into the domain's payment notices (the only place that knows Stripe's envelope and
 * object shapes; both providers use it, the simulated one sends Stripe-shaped events). The metadata keys are the
 * ones this library writes on every checkout session and its payment (`CHECKOUT_METADATA_KEYS`); the hold id is
 * also the session's `client_reference_id`.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A Stripe event (as stored) read into a notice; null when the payload is not an event at all. */
export function readStripeNotice(payload: unknown): ProviderNotice | null {
  const event = readStoredEvent(payload);
  if (!event) return null;
  const id = isRecord(payload) && typeof payload.id === 'string' ? payload.id : '';
  return { id, type: event.type, created: event.created, account: event.account, notice: noticeOf(event) };
}

function noticeOf(event: StoredEvent): PaymentNotice {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const session = readCheckoutSession(event.object);
      if (!session) return notOurs();
      // `completed` with an unpaid session is a delayed payment method: the hold waits for async_payment_*.
      const paid = session.paymentStatus === 'paid' || session.paymentStatus === 'no_payment_required';
      return { kind: paid ? 'checkout-paid' : 'checkout-awaiting-payment', session: withoutStatus(session) };
    }
    case 'checkout.session.expired':
    case 'checkout.session.async_payment_failed': {
      const session = readCheckoutSession(event.object);
      if (!session) return notOurs();
      return { kind: 'checkout-closed', session: withoutStatus(session), why: event.type === 'checkout.session.expired' ? 'expired' : 'payment-failed' };
    }
    case 'charge.refunded': {
      const charge = readCharge(event.object);
      return charge ? { kind: 'charge-refunded', charge } : { kind: 'ignored', note: 'A charge without a payment intent' };
    }
    case 'account.updated': {
      const account = readConnectAccount(event.object);
      return account ? { kind: 'account-updated', account } : { kind: 'ignored', note: 'Not a connected account' };
    }
    case 'account.application.deauthorized':
      return event.account ? { kind: 'account-disconnected', accountId: event.account } : { kind: 'ignored', note: 'A deauthorization that names no account' };
    default:
      return { kind: 'ignored' };
  }
}

function notOurs(): PaymentNotice {
  return { kind: 'ignored', note: 'Not a checkout session created by MAIS' };
}

function withoutStatus({ paymentStatus: _, ...session }: StripeCheckoutSession): CheckoutSessionRef {
  return session;
}

export interface StoredEvent {
  type: string;
  /** When the provider created the event (Unix seconds), or null when the payload lacks it. */
  created: number | null;
  /** The connected account the event came from (Connect), or null for the platform's own. */
  account: string | null;
  object: Record<string, unknown>;
}

/** A checkout session as Stripe reports it: the domain's reference, and Stripe's payment status. */
export interface StripeCheckoutSession extends CheckoutSessionRef {
  paymentStatus: string | null;
}

/** The event as stored: `{ id, type, account?, data: { object } }`. */
export function readStoredEvent(payload: unknown): StoredEvent | null {
  if (!isRecord(payload) || typeof payload.type !== 'string') return null;
  const data = payload.data;
  if (!isRecord(data) || !isRecord(data.object)) return null;
  return {
    type: payload.type,
    created: Number.isSafeInteger(payload.created) ? (payload.created as number) : null,
    account: typeof payload.account === 'string' ? payload.account : null,
    object: data.object,
  };
}

/** A checkout session MAIS created (its metadata names a tenant and a hold), or null. */
export function readCheckoutSession(object: Record<string, unknown>): StripeCheckoutSession | null {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const sessionId = object.id;
  const tenantId = metadata.tenantId;
  const holdId = typeof metadata.holdId === 'string' ? metadata.holdId : object.client_reference_id;
  if (typeof sessionId !== 'string' || !isUuid(tenantId) || !isUuid(holdId)) return null;
  return {
    sessionId,
    tenantId: tenantId.toLowerCase(),
    holdId: holdId.toLowerCase(),
    paymentStatus: typeof object.payment_status === 'string' ? object.payment_status : null,
    paymentIntentId: idOf(object.payment_intent),
    amountTotalCents: Number.isSafeInteger(object.amount_total) ? (object.amount_total as number) : null,
    currency: typeof object.currency === 'string' ? object.currency.toLowerCase() : null,
  };
}

/** A charge with its payment intent, or null. */
export function readCharge(object: Record<string, unknown>): ChargeRef | null {
  const paymentIntentId = idOf(object.payment_intent);
  if (!paymentIntentId) return null;
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const amount = typeof object.amount === 'number' ? object.amount : null;
  const refundedAmount = typeof object.amount_refunded === 'number' ? object.amount_refunded : null;
  return {
    paymentIntentId,
    tenantId: isUuid(metadata.tenantId) ? metadata.tenantId.toLowerCase() : null,
    fullyRefunded: object.refunded === true || (amount !== null && refundedAmount !== null && amount > 0 && refundedAmount >= amount),
  };
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** An expandable Stripe field: an id, or the expanded object with its id. */
function idOf(value: unknown): string | null {
  if (typeof value === 'string' && value.length > 0) return value;
  if (isRecord(value) && typeof value.id === 'string') return value.id;
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A connected account (the `data.object` of `account.updated`), or null when it is not one. */
export function readConnectAccount(object: Record<string, unknown>): ConnectAccountRef | null {
  if (typeof object.id !== 'string' || !object.id.startsWith('acct_')) return null;
  const requirements = isRecord(object.requirements) ? object.requirements : {};
  const list = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  return {
    accountId: object.id,
    chargesEnabled: object.charges_enabled === true,
    detailsSubmitted: object.details_submitted === true,
    requirementsDue: [...new Set([...list(requirements.currently_due), ...list(requirements.past_due)])].slice(0, 50),
    disabledReason: typeof requirements.disabled_reason === 'string' ? requirements.disabled_reason.slice(0, 255) : null,
  };
}
