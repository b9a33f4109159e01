/**
 * Stable, machine-readable error codes of the public contract (docs/api.md, "Errors").
 * Domain code throws DomainError; the API maps the code to an HTTP status in one place.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'TENANT_KEY_REQUIRED'
  | 'INVALID_TENANT_KEY'
  | 'TENANT_INACTIVE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'REQUEST_TIMEOUT'
  | 'DATE_UNAVAILABLE'
  | 'PAYMENTS_NOT_READY'
  | 'CONFLICT'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'PAYLOAD_TOO_LARGE'
  | 'URI_TOO_LONG'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'HEADERS_TOO_LARGE'
  | 'INVALID_SIGNATURE'
  | 'PAYMENT_PROVIDER_ERROR'
  | 'INTERNAL_ERROR';

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { errors?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, errors: FieldError[] = []) {
    super('VALIDATION_FAILED', message, { errors });
  }
}

export class DateUnavailableError extends DomainError {
  constructor(
    readonly eventDate: string,
    readonly reason: string,
  ) {
    super('DATE_UNAVAILABLE', `${eventDate} is not available (${reason.toLowerCase()})`);
  }
}

export class RateLimitedError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super('RATE_LIMITED', 'Too many requests; try again later', { retryAfterSeconds });
  }
}

/** Thrown when tenant-owned data is touched with no tenant in scope: a programming error, never a client's. */
export class TenantScopeMissingError extends Error {
  constructor() {
    super('No tenant in scope: tenant-owned data may only be used inside a tenant context');
    this.name = 'TenantScopeMissingError';
  }
}
