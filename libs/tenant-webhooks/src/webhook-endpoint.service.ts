import { Inject, Injectable, Optional } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  ConflictError,
  CurrentTenant,
  decodeCursor,
  JobOutbox,
  NotFoundError,
  outboxEntry,
  pageSize,
  TENANT_EVENT_TYPES,
  TenantEvent,
  toPage,
  ValidationError,
  type OutboxEntry,
  type Page,
  type PageRequest,
  type TenantEventType,
} from '@mais/domain';
import { WebhookDelivery, WebhookDeliveryAttempt } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { Settings } from '@mais/settings';
import { SecretCipher } from '@mais/tenancy';
import { newEndpointSecret } from './signature';
import { checkEndpointUrl, EndpointUrlError, systemResolver, type Resolver } from './url-guard';

/** A tenant registers at most this many endpoints (each event is sent to each of them). */
export const MAX_ENDPOINTS_PER_TENANT = 16;
/** After a rotation the previous secret still signs for this long, so receivers can switch without a gap. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 3600 * 1000;

/** Injection token of the host-name resolver (tests substitute one; production uses the system's). */
export const WEBHOOK_RESOLVER = Symbol('WEBHOOK_RESOLVER');

export interface EndpointInput {
  url: string;
  events: TenantEventType[];
  enabled?: boolean;
  description?: string | null;
}

/** An endpoint with its secret in clear: only the answers to creation and rotation carry it. */
export interface EndpointWithSecret {
  endpoint: WebhookEndpoint;
  secret: string;
}

export interface DeliveryLogEntry {
  delivery: WebhookDelivery;
  event: TenantEvent;
  attempts: WebhookDeliveryAttempt[];
}

/** The job that sends one delivery; its id is derived from the delivery, so relaying it twice queues it once. */
export function deliverEntry(tenantId: string, deliveryId: string): OutboxEntry {
  return outboxEntry('tenant-webhooks.deliver', { tenantId, deliveryId }, `tenant-webhook-delivery-${deliveryId}`);
}

/**
 * The current tenant's webhook endpoints, for its admins: register (URL checked against the policy after DNS
 * resolution), change, remove, rotate the signing secret, read the delivery log, redeliver.
 */
@Injectable()
export class WebhookEndpointService {
  constructor(
    private readonly em: EntityManager,
    private readonly currentTenant: CurrentTenant,
    private readonly cipher: SecretCipher,
    private readonly settings: Settings,
    private readonly outbox: JobOutbox,
    @Optional() @Inject(WEBHOOK_RESOLVER) private readonly resolver: Resolver = systemResolver,
  ) {}

  list(): Promise<WebhookEndpoint[]> {
    return this.em.find(WebhookEndpoint, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  async get(id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.em.findOne(WebhookEndpoint, { id });
    if (!endpoint) throw new NotFoundError('Webhook endpoint');
    return endpoint;
  }

  async create(input: EndpointInput): Promise<EndpointWithSecret> {
    const url = await this.checkedUrl(input.url);
    if ((await this.em.count(WebhookEndpoint, {})) >= MAX_ENDPOINTS_PER_TENANT) {
      throw new ConflictError(`A business can register at most ${MAX_ENDPOINTS_PER_TENANT} webhook endpoints; remove one first`);
    }
    const secret = newEndpointSecret();
    const endpoint = this.em.create(WebhookEndpoint, {
      tenant: this.currentTenant.tenantRef(),
      url,
      events: eventsOf(input.events),
      enabled: input.enabled ?? true,
      description: input.description ?? null,
      secretCiphertext: '',
    });
    endpoint.secretCiphertext = this.encrypt(endpoint.id, secret);
    await this.em.flush();
    return { endpoint, secret };
  }

  async update(id: string, input: Partial<EndpointInput>): Promise<WebhookEndpoint> {
    const endpoint = await this.get(id);
    if (input.url !== undefined && input.url !== endpoint.url) endpoint.url = await this.checkedUrl(input.url);
    if (input.events !== undefined) endpoint.events = eventsOf(input.events);
    if (input.description !== undefined) endpoint.description = input.description;
    if (input.enabled === true && !endpoint.enabled) {
      // A fresh start: the failures that disabled it are history (still in the delivery log).
      Object.assign(endpoint, { enabled: true, disabledAt: null, disabledReason: null, failingSince: null });
    } else if (input.enabled === false && endpoint.enabled) {
      Object.assign(endpoint, { enabled: false, disabledAt: new Date(), disabledReason: 'Disabled by an admin' });
    }
    await this.em.flush();
    return endpoint;
  }

  async remove(id: string): Promise<void> {
    const endpoint = await this.get(id);
    await this.em.remove(endpoint).flush();
  }

  /** A new secret signs from now on; the previous one also signs for 24 hours. */
  async rotateSecret(id: string): Promise<EndpointWithSecret> {
    const endpoint = await this.get(id);
    const secret = newEndpointSecret();
    endpoint.previousSecretCiphertext = endpoint.secretCiphertext;
    endpoint.previousSecretExpiresAt = new Date(Date.now() + PREVIOUS_SECRET_GRACE_MS);
    endpoint.secretCiphertext = this.encrypt(endpoint.id, secret);
    await this.em.flush();
    return { endpoint, secret };
  }

  /** The secrets that sign a delivery now: the current one, and the previous one during its grace period. */
  signingSecrets(endpoint: WebhookEndpoint, now = new Date()): string[] {
    const secrets = [this.cipher.decrypt(endpoint.secretCiphertext, aadOf(endpoint.id))];
    if (endpoint.previousSecretCiphertext && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now) {
      secrets.push(this.cipher.decrypt(endpoint.previousSecretCiphertext, aadOf(endpoint.id)));
    }
    return secrets;
  }

  /** The endpoint's deliveries, newest first, each with its event and its attempts (the delivery log). */
  async deliveries(endpointId: string, request: PageRequest): Promise<Page<DeliveryLogEntry>> {
    await this.get(endpointId);
    const limit = pageSize(request);
    const after = request.cursor ? decodeCursor(request.cursor, ['instant', 'uuid'] as const) : null;
    const rows = await this.em.find(
      WebhookDelivery,
      after ? { endpoint: endpointId, $or: [{ createdAt: { $lt: after[0] } }, { createdAt: after[0], id: { $lt: after[1] } }] } : { endpoint: endpointId },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1, populate: ['event'] },
    );
    const page = toPage(rows, limit, (last) => [last.createdAt.toISOString(), last.id]);
    const attempts = page.items.length
      ? await this.em.find(WebhookDeliveryAttempt, { delivery: { $in: page.items.map((d) => d.id) } }, { orderBy: { attempt: 'asc', createdAt: 'asc' } })
      : [];
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((delivery) => ({ delivery, event: delivery.event, attempts: attempts.filter((a) => a.delivery.id === delivery.id) })),
    };
  }

  /** Sends a delivery's event to its endpoint again, as a new delivery with its own attempts (same event id). */
  async redeliver(endpointId: string, deliveryId: string): Promise<DeliveryLogEntry> {
    const endpoint = await this.get(endpointId);
    const original = await this.em.findOne(WebhookDelivery, { id: deliveryId, endpoint: endpointId }, { populate: ['event'] });
    if (!original) throw new NotFoundError('Delivery');
    if (!endpoint.enabled) throw new ConflictError('The endpoint is disabled; enable it before redelivering');
    const tenantId = this.currentTenant.tenantId;
    const { delivery, entries } = await this.em.transactional(async (em) => {
      const created = em.create(WebhookDelivery, { tenant: this.currentTenant.tenantRef(), endpoint, event: original.event, manual: true });
      await em.flush();
      const jobs = [deliverEntry(tenantId, created.id)];
      await this.outbox.record(em, jobs);
      return { delivery: created, entries: jobs };
    });
    await this.outbox.relay(entries);
    return { delivery, event: original.event, attempts: [] };
  }

  private async checkedUrl(raw: string): Promise<string> {
    try {
      return (await checkEndpointUrl(raw, this.settings.webhookUrlPolicy, this.resolver)).url.href;
    } catch (error) {
      if (!(error instanceof EndpointUrlError)) throw error;
      throw new ValidationError(`The URL ${error.message}`, [{ field: 'url', message: error.message }]);
    }
  }

  private encrypt(endpointId: string, secret: string): string {
    return this.cipher.encrypt(secret, aadOf(endpointId));
  }
}

/** The ciphertext is bound to its endpoint: copied onto another row it does not decrypt. */
function aadOf(endpointId: string): string {
  return `webhook-endpoint:${endpointId}`;
}

/** Known event types, each once, in the catalogue's order. */
function eventsOf(events: readonly string[]): TenantEventType[] {
  const unknown = events.filter((e) => !(TENANT_EVENT_TYPES as readonly string[]).includes(e));
  if (unknown.length > 0)
    throw new ValidationError(`Unknown event type: ${unknown.join(', ')}`, [{ field: 'events', message: `must be among ${TENANT_EVENT_TYPES.join(', ')}` }]);
  if (events.length === 0) throw new ValidationError('Subscribe to at least one event', [{ field: 'events', message: 'must not be empty' }]);
  return TENANT_EVENT_TYPES.filter((type) => events.includes(type));
}
