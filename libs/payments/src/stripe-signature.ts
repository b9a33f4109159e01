import Stripe from 'stripe';
import { InvalidSignatureError, type PaymentEvent } from '@mais/domain';

/** Stripe's own default: a signature older than five minutes is a replay; so is one dated that far ahead. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * Verifies a `Stripe-Signature` header over the raw request bytes and parses the event. The one
 * verifier for real Stripe and simulated events alike, so the dev checkout exercises the production path.
 * Every failure (no header, wrong secret, tampered body, a timestamp outside the tolerance on either side,
 * non-JSON, not an event) becomes an InvalidSignatureError.
 */
export function verifyStripeSignature(
  rawBody: Buffer | string,
  signatureHeader: string | undefined,
  secret: string,
  toleranceSeconds: number = WEBHOOK_TOLERANCE_SECONDS,
): PaymentEvent {
  if (!signatureHeader) throw new InvalidSignatureError('Missing Stripe-Signature header');
  let parsed: unknown;
  try {
    // The static `Stripe.webhooks` needs no API key, so the simulated provider uses it too.
    parsed = Stripe.webhooks.constructEvent(rawBody, signatureHeader, secret, toleranceSeconds);
  } catch (error) {
    throw new InvalidSignatureError(describeFailure(error));
  }
  // Stripe's check only looks back: a timestamp far ahead (a payload signed in advance with a leaked secret,
  // or a skewed clock) would stay valid until then.
  const timestamp = signedAt(signatureHeader);
  if (!Number.isFinite(timestamp) || timestamp - Math.floor(Date.now() / 1000) > toleranceSeconds) {
    throw new InvalidSignatureError('Webhook signature timestamp is outside the tolerance window');
  }
  return toPaymentEvent(parsed);
}

/** Signs a payload the way Stripe does (`t=…,v1=…`); `timestamp` is unix seconds, default now. */
export function signStripePayload(payload: string, secret: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

/** The header's `t=` in unix seconds, read as Stripe's verifier reads it (the last one counts). */
function signedAt(signatureHeader: string): number {
  let timestamp = Number.NaN;
  for (const part of signatureHeader.split(',')) {
    const [key, value] = part.split('=');
    if (key === 't') timestamp = parseInt(value, 10);
  }
  return timestamp;
}

function describeFailure(error: unknown): string {
  if (error instanceof SyntaxError) return 'Webhook body is not valid JSON';
  if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
    if (/tolerance/i.test(error.message)) return 'Webhook signature timestamp is outside the tolerance window';
    if (/no signatures found matching/i.test(error.message)) return 'Webhook signature does not match the body';
    return 'Webhook signature header is malformed or empty';
  }
  return 'Webhook signature could not be verified';
}

function toPaymentEvent(value: unknown): PaymentEvent {
  if (!isRecord(value)) throw new InvalidSignatureError('Webhook body is not a Stripe event');
  const { id, type, created, account, data } = value;
  if (typeof id !== 'string' || typeof type !== 'string' || typeof created !== 'number') {
    throw new InvalidSignatureError('Webhook body is not a Stripe event');
  }
  if (!isRecord(data) || !isRecord(data.object)) throw new InvalidSignatureError('Webhook event has no data.object');
  return {
    id,
    type,
    created,
    account: typeof account === 'string' ? account : null,
    data: { object: data.object },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
