/**
 * Thrown by a job handler to fail the job at once, without the remaining attempts: retrying cannot help
 * (revoked calendar credentials, an inactive email recipient). `onFinalFailure` still runs.
 */
export class UnrecoverableJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** True for an UnrecoverableJobError (or a subclass), and for BullMQ's own `UnrecoverableError`. */
export function isUnrecoverableJobError(error: unknown): boolean {
  return error instanceof UnrecoverableJobError || (error instanceof Error && error.name === 'UnrecoverableError');
}
