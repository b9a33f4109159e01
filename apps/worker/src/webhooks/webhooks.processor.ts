import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { IdempotencyService, JobOutbox, TenantEvents, WebhookIngestionService, WebhookProcessingService } from '@mais/domain';
import { JobFailure, JobHandlers, JobScheduler, JobsProcessor, queueOverrides, resolveQueueSettings } from '@mais/jobs';
import { Settings } from '@mais/settings';
import { Metrics } from '@mais/runtime';
import { JobProcessor } from '../job-processor';
import { WebhookBatcher } from './webhook-batcher';

/** An event still PENDING this long after it arrived is taken to have missed the queue. */
const PENDING_GRACE_MS = 5_000;

/** How long a batch of `webhooks.process` jobs waits for more after its first (ADR 0024): short against a booking's latency. */
const BATCH_WINDOW_MS = 5;

/** The job scheduler of the sweep; every worker upserts the same one, so they sweep once per interval between them. */
export const WEBHOOK_SWEEP_SCHEDULE = 'webhooks-sweep';

/**
 * The `webhooks` queue: each job processes one stored payment-provider event (the service finds its
 * tenant and enters its scope); the jobs this worker runs at the same time go to the service as one batch
 * (WebhookBatcher, ADR 0024). Errors reach each job's queue entry, which retries with backoff; after the last
 * attempt the event is marked FAILED for the dead-letter view. Also runs the sweep that enqueues events
 * left PENDING (the queue was down when they arrived, or in-process jobs were lost in a restart), relays
 * the jobs left in the outbox for the same reasons (JobOutbox), and drops expired Idempotency-Key records:
 * `webhooks.sweep` jobs of a job scheduler every WEBHOOK_SWEEP_INTERVAL_MS (on Redis one schedule for all
 * workers; in-process a timer of the queue).
 */
@Injectable()
@JobsProcessor('webhooks')
export class WebhooksProcessor extends JobProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WebhookSweep');
  private sweeping?: Promise<void>;
  private readonly batcher: WebhookBatcher;

  constructor(
    private readonly processing: WebhookProcessingService,
    private readonly ingestion: WebhookIngestionService,
    private readonly idempotency: IdempotencyService,
    private readonly outbox: JobOutbox,
    private readonly settings: Settings,
    private readonly tenantEvents: TenantEvents,
    private readonly metrics: Metrics,
    private readonly scheduler: JobScheduler,
  ) {
    super();
    // A batch never holds more jobs than the worker runs at once.
    this.batcher = new WebhookBatcher(processing, resolveQueueSettings(queueOverrides(settings)).webhooks.concurrency, BATCH_WINDOW_MS);
  }

  handlers(): JobHandlers {
    return {
      'webhooks.process': async ({ webhookEventId }) => {
        const done = await this.batcher.process(webhookEventId);
        if (done) this.metrics.webhookLag.observe({ status: done.status }, (Date.now() - done.receivedAt.getTime()) / 1000);
      },
      'webhooks.sweep': () => this.sweep(),
    };
  }

  override async onFinalFailure(failure: JobFailure): Promise<void> {
    if (failure.name === 'webhooks.process') await this.processing.markFailed(failure.payload.webhookEventId, failure.error);
  }

  onApplicationBootstrap(): void {
    // Upserting an existing schedule with the same interval changes nothing; a new interval replaces the old one.
    const everyMs = this.settings.webhookSweepIntervalMs;
    this.setUpInBackground('schedule the sweep', everyMs, () => this.scheduler.upsertSchedule(WEBHOOK_SWEEP_SCHEDULE, 'webhooks.sweep', {}, everyMs));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sweeping;
  }

  /** One pass; a pass still running in this process (slow database) makes the next one a no-op. */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    try {
      const graceMs = Math.min(PENDING_GRACE_MS, this.settings.webhookSweepIntervalMs);
      const requeued = await this.ingestion.requeuePending(graceMs);
      if (requeued > 0) this.logger.log(`Re-enqueued ${requeued} webhook event(s) left PENDING`);
      const relayed = await this.outbox.relayPending(graceMs);
      if (relayed > 0) this.logger.log(`Relayed ${relayed} job(s) left in the outbox`);
      await this.idempotency.purgeExpired();
      const forgotten = await this.tenantEvents.forgetOld();
      if (forgotten > 0) this.logger.log(`Deleted ${forgotten} tenant event(s) past their retention, with their delivery log`);
    } catch (error) {
      this.logger.warn(`Sweep failed (next one in ${this.settings.webhookSweepIntervalMs} ms): ${(error as Error).message}`);
    }
  }
}
