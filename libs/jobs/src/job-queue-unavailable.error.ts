/**
 * Enqueueing failed fast because the queue backend cannot take the job now (Redis unreachable, or the
 * queue is closing). The caller keeps its own record (e.g. a PENDING webhook event) and re-enqueues later.
 */
export class JobQueueUnavailableError extends Error {
  readonly code = 'JOB_QUEUE_UNAVAILABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
