import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../common/domain.error';
import { runPrepared } from '../common/prepared-statement';
import { CurrentTenant } from '../ports/current-tenant.port';
import { JobQueue } from '../ports/job-queue.port';
import { InvalidSignatureError, PaymentEvent, PaymentProvider } from '../ports/payment-provider.port';
import { webhookJobId } from './webhook-job-id';
import { fullyRefundedPayment } from './payment-notice';
import { INGESTION_SQL, STORE_WEBHOOK_EVENT } from './webhook-ingestion.queries';
import { RecentlyStoredEvents } from './recently-stored-events';

/** How many stored provider event ids a process remembers (well under 1 MB); a redelivery of an older one asks the database. */
const RECENTLY_STORED_EVENTS = 10_000;

export interface IngestedEvent {
  /** Our id of the stored event. */
  webhookEventId: string;
  providerEventId: string;
  /** The event id was seen before: nothing was stored or enqueued now. */
  duplicate: boolean;
}

/**
 * The one way a payment provider's event enters MAIS, for the webhook route and the simulated
 * checkout alike: verify the signature over the raw bytes, store the event (unique on the provider's
 * event id), hand it to the worker. Once stored, an event is never lost: if the queue cannot take it
 * now it stays PENDING and the worker's sweep enqueues it later. Platform-level: the tenant is only
 * known once the worker reads the event.
 *
 * Stripe delivers each event several times, so duplicates are made cheap: storing is one statement whether the event
 * is new or not (`STORE_WEBHOOK_EVENT`, prepared; a second one only when a concurrent first delivery committed after its
 * snapshot), and an event id this process has seen stored (`RecentlyStoredEvents`, the last 10,000) is acknowledged
 * as a duplicate with no statement at all, once its signature has been verified like any other delivery's. Only ids
 * the database returned as stored, outside any caller's transaction, are remembered (rows of webhook_events are never
 * deleted), so a remembered id is stored; an id this process does not remember goes to the database, which stays the
 * arbiter between API processes.
 */
@Injectable()
export class WebhookIngestionService {
  private readonly logger = new Logger(WebhookIngestionService.name);
  private readonly recentlyStored = new RecentlyStoredEvents(RECENTLY_STORED_EVENTS);

  constructor(
    private readonly em: EntityManager,
    private readonly currentTenant: CurrentTenant,
    private readonly payments: PaymentProvider,
    private readonly jobs: JobQueue,
  ) {}

  async ingest(rawBody: Buffer | undefined, signatureHeader: string | undefined): Promise<IngestedEvent> {
    let event: PaymentEvent;
    try {
      if (!rawBody?.length) throw new InvalidSignatureError('The webhook body is empty');
      event = this.payments.verifyWebhook(rawBody, signatureHeader);
    } catch (error) {
      if (error instanceof InvalidSignatureError) throw new DomainError('INVALID_SIGNATURE', error.message);
      throw error;
    }
    const remembered = this.recentlyStored.storedId(event.id);
    if (remembered) return { webhookEventId: remembered, providerEventId: event.id, duplicate: true };
    // The whole event as the provider sent it (the verifier has parsed it once already, so it is JSON).
    const payload = rawBody.toString('utf8');
    const notice = this.payments.readNotice(event);
    const refundedPaymentId = notice ? fullyRefundedPayment(notice.notice) : null;

    const stored = await this.currentTenant.runUnscoped(async () => {
      // received_at to the millisecond: it is a pagination key, read back as a JS Date.
      const [row] = await runPrepared<{ id: string; duplicate: boolean }>(this.em, STORE_WEBHOOK_EVENT, [
        randomUUID(),
        event.id,
        event.type,
        payload,
        refundedPaymentId,
      ]);
      // Inside a caller's transaction the row could still be rolled back: not something to remember.
      const committed = !this.em.isInTransaction();
      if (row) return { ...row, committed };
      // A concurrent first delivery committed after this statement's snapshot: stored, but not visible to it.
      const [existing]: { id: string }[] = await this.em.execute(INGESTION_SQL.storedId, [event.id]);
      return { id: existing.id, duplicate: true, committed };
    });
    if (stored.committed) this.recentlyStored.remember(event.id, stored.id);

    if (!stored.duplicate) await this.enqueue(stored.id, event.id);
    return { webhookEventId: stored.id, providerEventId: event.id, duplicate: stored.duplicate };
  }

  /**
   * Enqueues events still PENDING some time after they arrived (the queue was down, or the process died
   * before enqueueing). An event whose job is still pending is not added twice: the job id deduplicates.
   */
  async requeuePending(olderThanMs: number, limit = 500): Promise<number> {
    const rows = await this.currentTenant.runUnscoped((): Promise<{ id: string; provider_event_id: string }[]> =>
      this.em.execute(INGESTION_SQL.requeuePending, [olderThanMs / 1000, limit]),
    );
    if (rows.length === 0) return 0;
    // All at once (one pipelined look at the ids, one addBulk): an event whose job finishes between the select and
    // the add would have its finished job replaced and run again (a no-op, but under a backlog one by one left time
    // for dozens per pass).
    try {
      await this.jobs.enqueueAll(
        rows.map((row) => ({ name: 'webhooks.process', payload: { webhookEventId: row.id }, options: { jobId: webhookJobId(row.provider_event_id) } })),
      );
      return rows.length;
    } catch (error) {
      this.logger.warn(`${rows.length} stored webhook event(s) could not be enqueued (${(error as Error).message}); the next sweep will retry`);
      return 0;
    }
  }

  /** Hands a stored event to the worker; false (logged) when the queue cannot take it now. */
  async enqueue(webhookEventId: string, providerEventId: string): Promise<boolean> {
    try {
      await this.jobs.enqueue('webhooks.process', { webhookEventId }, { jobId: webhookJobId(providerEventId) });
      return true;
    } catch (error) {
      this.logger.warn(`Webhook event ${providerEventId} is stored but could not be enqueued (${(error as Error).message}); the sweep will retry`);
      return false;
    }
  }
}
