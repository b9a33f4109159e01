/** Longest `lastError` kept on a webhook event. */
const MAX_ERROR_LENGTH = 1000;

// Provider keys and signing secrets, should an error message ever carry one.
const SECRET_PATTERN = /\b(sk|rk|pk)_(live|test)_[A-Za-z0-9*_]+|\bwhsec_[A-Za-z0-9*_]+|\bBearer\s+\S+/g;

/** An error as stored on a webhook event: its name and message, secrets redacted, bounded in length. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const redacted = text.replace(SECRET_PATTERN, '[redacted]');
  return redacted.length > MAX_ERROR_LENGTH ? `${redacted.slice(0, MAX_ERROR_LENGTH - 1)}…` : redacted;
}
