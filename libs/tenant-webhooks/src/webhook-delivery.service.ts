import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { CurrentTenant, JobOutbox, NotFoundError, outboxEntry, TenantEvent, type OutboxEntry } from '@mais/domain';
import { WebhookDelivery, WebhookDeliveryAttempt, WebhookDeliveryStatus } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { Settings } from '@mais/settings';
import { postDelivery, type DeliveryResult } from './http-delivery';
import { SIGNATURE_HEADER, signatureHeader } from './signature';
import { systemResolver, type Resolver } from './url-guard';
import { deliverEntry, WEBHOOK_RESOLVER, WebhookEndpointService } from './webhook-endpoint.service';
import { DELIVERY_SQL } from './webhook-delivery.queries';

/** Where a delivery attempt stands, for the queue: `retry` fails the job so the queue's backoff tries again. */
export type AttemptOutcome =
  { kind: 'delivered' } | { kind: 'retry'; error: string } | { kind: 'gave-up'; error: string; endpointDisabled: boolean } | { kind: 'skipped'; why: string };

/** The JSON body of every delivery: the same bytes for every attempt and redelivery of one event. */
export function eventBody(event: TenantEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, createdAt: event.createdAt.toISOString(), data: event.data });
}

/**
 * Sends tenant events to the endpoints subscribed to them: the fan-out makes one delivery per endpoint (in a
 * transaction with the jobs that send them), and each delivery job POSTs the signed event and records the
 * attempt. The auto-disable rule (ADR 0017): a delivery that fails its last attempt disables its endpoint when
 * nothing at all was delivered to that endpoint since the delivery was created, which with the default
 * schedule means about 34 hours of failure; the tenant's admins are emailed.
 */
@Injectable()
export class WebhookDeliveryService {
  private readonly logger = new Logger(WebhookDeliveryService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly currentTenant: CurrentTenant,
    private readonly settings: Settings,
    private readonly outbox: JobOutbox,
    private readonly endpoints: WebhookEndpointService,
    @Optional() @Inject(WEBHOOK_RESOLVER) private readonly resolver: Resolver = systemResolver,
  ) {}

  /** One delivery per enabled endpoint subscribed to the event's type; a retried fan-out adds none twice. Returns how many it made. */
  async fanOut(eventId: string): Promise<number> {
    const tenantId = this.currentTenant.tenantId;
    // Most tenants have no endpoint: one statement, and done. (Deliveries an earlier run made have their outbox rows.)
    const enabled = await this.em.find(WebhookEndpoint, { enabled: true });
    if (enabled.length === 0) return 0;
    const event = await this.em.findOne(TenantEvent, { id: eventId });
    if (!event) throw new NotFoundError(`Tenant event ${eventId}`);
    const subscribed = enabled.filter((endpoint) => endpoint.events.includes(event.type as never));
    if (subscribed.length === 0) return 0;
    const entries = await this.em.transactional(async (em) => {
      for (const endpoint of subscribed) {
        await em.execute(DELIVERY_SQL.insertDeliveries, [tenantId, endpoint.id, event.id]);
      }
      // Those made now and those an earlier run made but could not relay: relaying is idempotent.
      const pending: { id: string }[] = await em.execute(DELIVERY_SQL.pendingDeliveries, [tenantId, event.id]);
      const jobs = pending.map((row) => deliverEntry(tenantId, row.id));
      await this.outbox.record(em, jobs);
      return jobs;
    });
    await this.outbox.relay(entries);
    return subscribed.length;
  }

  /** One attempt of one delivery; `isFinalAttempt` and the shutdown `signal` come from the queue. */
  async deliver(deliveryId: string, run: { isFinalAttempt: boolean; signal?: AbortSignal }): Promise<AttemptOutcome> {
    const delivery = await this.em.findOne(WebhookDelivery, { id: deliveryId }, { populate: ['endpoint', 'event'] });
    // The endpoint (and with it its deliveries) was removed.
    if (!delivery) return { kind: 'skipped', why: 'the delivery no longer exists' };
    if (delivery.status !== WebhookDeliveryStatus.PENDING) return { kind: 'skipped', why: `the delivery is ${delivery.status.toLowerCase()}` };
    const endpoint = delivery.endpoint;
    if (!endpoint.enabled) {
      await this.em.nativeUpdate(
        WebhookDelivery,
        { id: delivery.id, status: WebhookDeliveryStatus.PENDING },
        { status: WebhookDeliveryStatus.FAILED, updatedAt: new Date() },
      );
      return { kind: 'skipped', why: 'the endpoint is disabled' };
    }

    const body = eventBody(delivery.event);
    const timestamp = Math.floor(Date.now() / 1000);
    const result = await postDelivery({
      url: endpoint.url,
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'MAIS-Webhooks/1.0',
        [SIGNATURE_HEADER]: signatureHeader(this.endpoints.signingSecrets(endpoint), timestamp, body),
        'MAIS-Event-Id': delivery.event.id,
        'MAIS-Event-Type': delivery.event.type,
        'MAIS-Delivery-Id': delivery.id,
        'MAIS-Delivery-Attempt': String(delivery.attempts + 1),
      },
      policy: this.settings.webhookUrlPolicy,
      timeoutMs: this.settings.webhookDeliveryTimeoutMs,
      resolve: this.resolver,
      signal: run.signal,
    });
    // Our shutdown is not the receiver's failure: nothing is recorded, and the queue runs the job again after restart.
    if (run.signal?.aborted) return { kind: 'retry', error: result.error ?? 'aborted' };
    const { outcome, followUps } = await this.record(delivery, endpoint, result, run.isFinalAttempt);
    await this.outbox.relay(followUps);
    return outcome;
  }

  /** The attempt, the delivery's state and the endpoint's health, in one transaction (with the disable email's job). */
  private record(
    delivery: WebhookDelivery,
    endpoint: WebhookEndpoint,
    result: DeliveryResult,
    isFinalAttempt: boolean,
  ): Promise<{ outcome: AttemptOutcome; followUps: OutboxEntry[] }> {
    const tenantId = this.currentTenant.tenantId;
    return this.em.transactional(async (em) => {
      const now = new Date();
      em.create(WebhookDeliveryAttempt, {
        tenant: this.currentTenant.tenantRef(),
        delivery: delivery.id,
        attempt: delivery.attempts + 1,
        statusCode: result.statusCode,
        latencyMs: result.latencyMs,
        responseSnippet: result.responseSnippet,
        error: result.error?.slice(0, 1000) ?? null,
      });
      const current = await em.findOneOrFail(WebhookEndpoint, { id: endpoint.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (result.ok) {
        await em.nativeUpdate(
          WebhookDelivery,
          { id: delivery.id },
          { status: WebhookDeliveryStatus.SUCCEEDED, attempts: delivery.attempts + 1, lastAttemptAt: now, succeededAt: now, updatedAt: now },
        );
        current.lastSuccessAt = now;
        current.failingSince = null;
        return { outcome: { kind: 'delivered' }, followUps: [] };
      }
      const error = result.error ?? 'failed';
      await em.nativeUpdate(
        WebhookDelivery,
        { id: delivery.id },
        {
          status: isFinalAttempt ? WebhookDeliveryStatus.FAILED : WebhookDeliveryStatus.PENDING,
          attempts: delivery.attempts + 1,
          lastAttemptAt: now,
          updatedAt: now,
        },
      );
      current.failingSince ??= now;
      if (!isFinalAttempt) return { outcome: { kind: 'retry', error }, followUps: [] };

      const nothingDeliveredSince = current.lastSuccessAt === null || current.lastSuccessAt < delivery.createdAt;
      if (!current.enabled || !nothingDeliveredSince) return { outcome: { kind: 'gave-up', error, endpointDisabled: false }, followUps: [] };
      Object.assign(current, { enabled: false, disabledAt: now, disabledReason: error.slice(0, 500) });
      const followUps = [
        outboxEntry(
          'emails.send',
          { tenantId, template: 'webhook-endpoint-disabled', webhookEndpointId: current.id },
          `email-webhook-endpoint-disabled-${current.id}-${now.getTime()}`,
        ),
      ];
      await this.outbox.record(em, followUps);
      this.logger.warn(
        `Webhook endpoint ${current.id} (${current.url}) disabled: nothing delivered since ${delivery.createdAt.toISOString()}; last error: ${error}`,
      );
      return { outcome: { kind: 'gave-up', error, endpointDisabled: true }, followUps };
    });
  }
}
