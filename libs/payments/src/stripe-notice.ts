/**
 * Reading the parts of a stored provider event that MAIS acts on. The metadata keys are the ones the
 * payment adapter writes on every checkout session and its payment (`CHECKOUT_METADATA_KEYS` in
 * @mais/payments); the hold id is also the session's `client_reference_id`.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface StoredEvent {
  type: string;
  /** When the provider created the event (Unix seconds), or null when the payload lacks it. */
  created: number | null;
  /** The connected account the event came from (Connect), or null for the platform's own. */
  account: string | null;
  object: Record<string, unknown>;
}

export interface CheckoutSessionRef {
  sessionId: string;
  tenantId: string;
  holdId: string;
  paymentStatus: string | null;
  paymentIntentId: string | null;
  /** What the session charged (`amount_total`, minor units) and in which currency; null when absent. */
  amountTotalCents: number | null;
  currency: string | null;
}

export interface ChargeRef {
  paymentIntentId: string;
  /** From the payment's metadata; absent on payments MAIS did not create. */
  tenantId: string | null;
  /** The charge is refunded in full (a partial refund leaves the booking as it is). */
  fullyRefunded: boolean;
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
export function readCheckoutSession(object: Record<string, unknown>): CheckoutSessionRef | null {
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

/** What a Connect `account.updated` says about a connected account. */
export interface ConnectAccountRef {
  accountId: string;
  chargesEnabled: boolean;
  detailsSubmitted: boolean;
  /** `requirements.currently_due` then `past_due`, each once. */
  requirementsDue: string[];
  disabledReason: string | null;
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
