import { Logger } from '@nestjs/common';
import type { ProcessedEvent, WebhookProcessingService } from '@mais/domain';

interface Waiting {
  id: string;
  resolve: (done: ProcessedEvent | null) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers the `webhooks.process` jobs this worker runs at the same time into one batch (ADR 0024): each job still
 * waits for its own event's outcome and fails on its own error, so the queue's retries, backoff and dead-letter rule
 * are as they were. A batch is handed over when it holds `maxSize` jobs (the queue's concurrency: no more can come)
 * or `windowMs` after its first job. One job alone takes the single path directly; in a batch, the service books
 * the plain paid checkouts together and the rest go through the single path, one by one, side by side.
 */
export class WebhookBatcher {
  private readonly logger = new Logger(WebhookBatcher.name);
  private waiting: Waiting[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly processing: WebhookProcessingService,
    private readonly maxSize: number,
    private readonly windowMs: number,
  ) {}

  process(webhookEventId: string): Promise<ProcessedEvent | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ id: webhookEventId, resolve, reject });
      if (this.waiting.length >= this.maxSize) this.handOver();
      else this.timer ??= setTimeout(() => this.handOver(), this.windowMs);
    });
  }

  private handOver(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    void this.run(batch);
  }

  private async run(batch: Waiting[]): Promise<void> {
    // Jobs by event id (a redelivered job may share its event with another one in the batch).
    const jobsOf = new Map<string, Waiting[]>();
    for (const job of batch) jobsOf.set(job.id, [...(jobsOf.get(job.id) ?? []), job]);
    let done = new Map<string, ProcessedEvent | null>();
    let rest = [...jobsOf.keys()];
    if (rest.length > 1) {
      try {
        ({ done, rest } = await this.processing.processBatch(rest));
      } catch (error) {
        // Failed before its commit, the batch recorded nothing; after it (the cache or the queue unreachable), its events
        // are PROCESSED and the single path finds nothing left to do, while the sweep relays their jobs. Either way, the
        // single path decides each event, and a job fails only on its own event's error.
        this.logger.warn(`A batch of ${rest.length} webhook events failed (${(error as Error).message}); processing them one by one`);
      }
    }
    for (const [id, outcome] of done) jobsOf.get(id)?.forEach((job) => job.resolve(outcome));
    await Promise.all(
      rest.map((id) =>
        this.processing.process(id).then(
          (outcome) => jobsOf.get(id)?.forEach((job) => job.resolve(outcome)),
          (error: unknown) => jobsOf.get(id)?.forEach((job) => job.reject(error)),
        ),
      ),
    );
  }
}
