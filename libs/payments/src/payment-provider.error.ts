import Stripe from 'stripe';
import { DomainError } from '@mais/domain';

export interface PaymentProviderErrorDetails {
  /** Whether the same call (same idempotency key) may succeed if tried again: connection errors, 409, 429, 5xx. */
  retryable: boolean;
  /** The provider's HTTP status, when it answered. */
  statusCode?: number;
  /** The provider's error type, e.g. `card_error`, `invalid_request_error`, `api_error`. */
  providerType?: string;
  /** The provider's error code, e.g. `card_declined`, `resource_missing`. */
  providerCode?: string;
  declineCode?: string;
  /** The provider's request id, for support tickets. */
  requestId?: string;
}

/**
 * A payment provider call failed. The message is safe to log (secret keys are redacted) but not
 * meant for customers; the API maps the code to a 502/503 and shows a generic detail.
 */
export class PaymentProviderError extends DomainError {
  declare readonly code: 'PAYMENT_PROVIDER_ERROR';
  readonly retryable: boolean;
  readonly statusCode?: number;
  readonly providerType?: string;
  readonly providerCode?: string;
  readonly declineCode?: string;
  readonly requestId?: string;

  constructor(message: string, details: PaymentProviderErrorDetails) {
    super('PAYMENT_PROVIDER_ERROR', redactSecrets(message));
    this.retryable = details.retryable;
    this.statusCode = details.statusCode;
    this.providerType = details.providerType;
    this.providerCode = details.providerCode;
    this.declineCode = details.declineCode;
    this.requestId = details.requestId;
  }
}

// Stripe echoes a masked key in authentication errors ("Invalid API Key provided: sk_test_****abcd"); drop even that.
const SECRET_PATTERN = /\b(sk|rk|pk)_(live|test)_[A-Za-z0-9*_]+|\bwhsec_[A-Za-z0-9*_]+/g;

export function redactSecrets(text: string): string {
  return text.replace(SECRET_PATTERN, '[redacted]');
}

const RETRYABLE_STATUSES = new Set([409, 429]);

/**
 * Turns an error thrown by the `stripe` client into a PaymentProviderError. Anything that is not a
 * Stripe error (a bug on our side) is returned unchanged so it surfaces as what it is.
 */
export function toPaymentProviderError(error: unknown, operation: string): unknown {
  if (!(error instanceof Stripe.errors.StripeError)) return error;
  const statusCode = error.statusCode;
  const retryable =
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    (statusCode !== undefined && (statusCode >= 500 || RETRYABLE_STATUSES.has(statusCode)));
  const providerType = error.rawType ?? error.type;
  const summary = [providerType, error.code].filter(Boolean).join('/');
  const status = statusCode ? ` (HTTP ${statusCode})` : '';
  return new PaymentProviderError(`Stripe ${operation} failed: ${summary}${status}: ${error.message}`, {
    retryable,
    statusCode,
    providerType,
    providerCode: error.code,
    declineCode: error.decline_code,
    requestId: error.requestId,
  });
}
