import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger, Optional } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  BookingFailure,
  CurrentTenant,
  Customer,
  EmailMessage,
  EmailSender,
  EmailTemplateName,
  isPaymentMismatchReason,
  type LineItem,
  NotFoundError,
  PermanentEmailError,
  ValidationError,
} from '@mais/domain';
import { PublishedConfigReader } from '@mais/config-versioning';
import { EmailDelivery, EmailDeliveryStatus } from './email-delivery.entity';
import { WebhookEndpoint } from '@mais/tenant-webhooks';
import { Settings } from '@mais/settings';
import type { BookingEmailModel, EmailBranding } from './templates/email-models';
import { renderEmail } from './templates/render-email';
import { NOTIFICATION_SQL } from './booking-notification.queries';

/** What to send: a template and the record it is about (the `emails.send` job payload, minus the tenant). */
export interface BookingNotificationRequest {
  template: EmailTemplateName;
  bookingId?: string;
  bookingFailureId?: string;
  webhookEndpointId?: string;
  /** With booking-confirmed: the tenant admins' booking-new-tenant notice too, from the same reads. */
  withTenantNotice?: boolean;
}

export type DeliveryOutcome = 'sent' | 'already-recorded' | 'failed-permanently';

export interface BookingNotificationResult {
  /** One entry per recipient, in the order they were handled. */
  deliveries: Array<{ to: string; dedupeKey: string; outcome: DeliveryOutcome; error?: string }>;
}

/** The `email_deliveries.dedupe_key` column's length. */
const DEDUPE_KEY_MAX = 255;

interface Recipient {
  to: string;
  /** What this recipient gets (part of the dedupe key): the request's template, or the notice sent with it. */
  template: EmailTemplateName;
  message: EmailMessage;
}

/**
 * Sends the transactional emails about a booking (or a refunded payment) to its recipients, each at
 * most once. Before a message goes to Postmark, an `EmailDelivery` row keyed by (template, booking or
 * failure id, recipient) is committed as its claim: a retried, redelivered or concurrent run of the job
 * finds it and sends nothing. Postmark's answer completes the row (message id), marks it FAILED when the
 * message is refused for good (reported as PermanentEmailError once the other recipients were served),
 * or removes it when the failure is retryable, so the job's retry sends it. Runs in the tenant's scope.
 *
 * Postmark has no idempotency key, so a crash (SIGKILL) between the claim and Postmark's answer leaves a
 * SENT row without a message id, and the re-run does not send again: at most once, never twice. The
 * message was then most likely accepted (the request was under way); such rows are logged and queryable
 * (`status = 'SENT' and provider_message_id is null`) for the rare case it was not.
 */
@Injectable()
export class BookingNotificationService {
  private readonly logger = new Logger(BookingNotificationService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly currentTenant: CurrentTenant,
    private readonly sender: EmailSender,
    private readonly published: PublishedConfigReader,
    @Optional() private readonly settings?: Settings,
  ) {}

  /** The admin console, linked from the emails to admins. */
  private get consoleUrl(): string | null {
    return this.settings ? `${this.settings.publicUrl}/console` : null;
  }

  async send(request: BookingNotificationRequest): Promise<BookingNotificationResult> {
    const { reference, recipients } = await this.recipientsOf(request);
    const result: BookingNotificationResult = { deliveries: [] };
    let retryable: unknown;
    for (const recipient of recipients) {
      const dedupeKey = dedupeKeyOf(recipient.template, reference, recipient.to);
      try {
        const delivery = await this.deliverOnce(recipient.template, dedupeKey, recipient);
        result.deliveries.push({ to: recipient.to, dedupeKey, ...delivery });
      } catch (error) {
        // Serve the other recipients first; the retry then skips every one already recorded.
        retryable ??= error;
        this.logger.warn(`Email ${dedupeKey} not sent, will retry: ${(error as Error).message}`);
      }
    }
    if (retryable) throw retryable;
    const failed = result.deliveries.filter((d) => d.outcome === 'failed-permanently');
    if (failed.length > 0) {
      throw new PermanentEmailError(failed.map((d) => `${d.dedupeKey}: ${d.error}`).join('; '));
    }
    return result;
  }

  /**
   * Claims the dedupe key (a committed SENT row), then sends, then records Postmark's message id; or, if
   * Postmark refuses the message for good, marks the row FAILED; or, on a retryable failure, releases the
   * claim so the job's retry sends it. A key already claimed is never sent again.
   */
  private async deliverOnce(template: EmailTemplateName, dedupeKey: string, recipient: Recipient): Promise<{ outcome: DeliveryOutcome; error?: string }> {
    const tenantId = this.currentTenant.tenantId;
    const claimed = await this.claim({ tenant: tenantId, dedupeKey, template, toAddress: recipient.to, status: EmailDeliveryStatus.SENT });
    if (!claimed) return { outcome: 'already-recorded' };
    let messageId: string;
    try {
      messageId = (await this.sender.send(recipient.message)).messageId;
    } catch (error) {
      if (error instanceof PermanentEmailError) {
        await this.em.nativeUpdate(EmailDelivery, { tenant: tenantId, dedupeKey }, { status: EmailDeliveryStatus.FAILED, error: error.message });
        this.logger.warn(`Email ${dedupeKey} to ${recipient.to} refused for good: ${error.message}`);
        return { outcome: 'failed-permanently', error: error.message };
      }
      await this.em.nativeDelete(EmailDelivery, { tenant: tenantId, dedupeKey });
      throw error;
    }
    await this.em.nativeUpdate(EmailDelivery, { tenant: tenantId, dedupeKey }, { providerMessageId: messageId });
    return { outcome: 'sent' };
  }

  /** Inserts the delivery row (one statement, committed); false when the key is taken (sent, failed, or being sent by another run). */
  private async claim(row: Pick<EmailDelivery, 'dedupeKey' | 'template' | 'toAddress' | 'status'> & { tenant: string }): Promise<boolean> {
    const inserted: unknown[] = await this.em.execute(NOTIFICATION_SQL.claim, [
      randomUUID(),
      row.tenant,
      row.dedupeKey,
      row.template,
      row.toAddress,
      row.status,
    ]);
    if (inserted.length > 0) return true;
    const existing = await this.em.findOne(EmailDelivery, { dedupeKey: row.dedupeKey }, { disableIdentityMap: true });
    if (existing?.status === EmailDeliveryStatus.SENT && existing.providerMessageId === null) {
      // Claimed by a run that never confirmed: still sending, or stopped mid-send (worker killed).
      this.logger.warn(`Email ${row.dedupeKey} was claimed by a run that has not confirmed the send; not sending it again`);
    }
    return false;
  }

  /** Who gets the email, and the record it is about (part of each dedupe key). */
  private async recipientsOf(request: BookingNotificationRequest): Promise<{ reference: string; recipients: Recipient[] }> {
    if (request.template === 'webhook-endpoint-disabled') return this.endpointDisabled(request);
    const reference = request.template === 'payment-refunded-date-taken' ? `failure-${request.bookingFailureId}` : `booking-${request.bookingId}`;
    return { reference, recipients: await this.bookingRecipients(request) };
  }

  /** Once per disabling: an endpoint enabled again and disabled later gets a new email. */
  private async endpointDisabled(request: BookingNotificationRequest): Promise<{ reference: string; recipients: Recipient[] }> {
    if (!request.webhookEndpointId) throw new ValidationError(`Email ${request.template} needs a webhookEndpointId`);
    const endpoint = await this.em.findOne(WebhookEndpoint, { id: request.webhookEndpointId });
    if (!endpoint) throw new NotFoundError(`Webhook endpoint ${request.webhookEndpointId}`);
    // Re-enabled (or never disabled) by the time the job runs: nothing to tell.
    if (!endpoint.disabledAt) return { reference: `endpoint-${endpoint.id}`, recipients: [] };
    const rendered = renderEmail('webhook-endpoint-disabled', {
      tenant: await this.brandingOf((await this.currentTenant.tenant()).name),
      endpointId: endpoint.id,
      url: endpoint.url,
      reason: endpoint.disabledReason ?? 'unknown',
      failingSince: (endpoint.failingSince ?? endpoint.disabledAt).toISOString(),
      consoleUrl: this.consoleUrl,
    });
    const admins = await this.tenantAdmins();
    return {
      reference: `endpoint-${endpoint.id}-${endpoint.disabledAt.getTime()}`,
      recipients: admins.map((admin) => ({ to: admin.email, template: request.template, message: { to: admin.email, tag: request.template, ...rendered } })),
    };
  }

  private tenantAdmins(): Promise<{ email: string }[]> {
    return this.em.execute(NOTIFICATION_SQL.adminEmails, [this.currentTenant.tenantId]);
  }

  private async bookingRecipients(request: BookingNotificationRequest): Promise<Recipient[]> {
    const tag = request.template;
    switch (request.template) {
      case 'booking-confirmed': {
        const booking = await this.booking(request);
        const branding = await this.brandingOf(booking.tenantName);
        const model = bookingModel(booking, branding);
        const couple = { to: model.customer.email, template: tag, message: { to: model.customer.email, tag, ...renderEmail('booking-confirmed', model) } };
        return request.withTenantNotice ? [couple, ...(await this.tenantNotice(booking, branding))] : [couple];
      }
      case 'booking-cancelled': {
        const booking = await this.booking(request);
        const model = { ...bookingModel(booking, await this.brandingOf(booking.tenantName)), refundCents: booking.refundedAt ? booking.totalCents : null };
        return [{ to: model.customer.email, template: tag, message: { to: model.customer.email, tag, ...renderEmail('booking-cancelled', model) } }];
      }
      case 'booking-new-tenant': {
        const booking = await this.booking(request);
        return this.tenantNotice(booking, await this.brandingOf(booking.tenantName));
      }
      case 'payment-refunded-date-taken': {
        const branding = await this.brandingOf((await this.currentTenant.tenant()).name);
        const failure = await this.bookingFailure(request);
        const customer = await this.em.findOne(Customer, { email: failure.customerEmail.toLowerCase() });
        const rendered = renderEmail('payment-refunded-date-taken', {
          tenant: branding,
          customer: { name: customer?.name ?? null, email: failure.customerEmail },
          eventDate: failure.eventDate,
          refundCents: failure.amountCents,
          currency: failure.currency,
          reference: failure.id,
          paymentMismatch: isPaymentMismatchReason(failure.reason),
        });
        return [{ to: failure.customerEmail, template: tag, message: { to: failure.customerEmail, tag, ...rendered } }];
      }
      default:
        throw new ValidationError(`Unknown email template: ${String(request.template)}`);
    }
  }

  /** The business's new-booking notice, to each active tenant admin. */
  private async tenantNotice(booking: BookingFacts, branding: EmailBranding): Promise<Recipient[]> {
    const template = 'booking-new-tenant';
    const rendered = renderEmail(template, { ...bookingModel(booking, branding), commissionCents: booking.commissionCents });
    const admins = await this.tenantAdmins();
    if (admins.length === 0) this.logger.warn(`Tenant ${this.currentTenant.tenantId} has no active admin to notify of booking ${booking.id}`);
    return admins.map((admin) => ({ to: admin.email, template, message: { to: admin.email, tag: template, ...rendered } }));
  }

  /** The booking with its customer and its tenant's name, in one statement. */
  private async booking(request: BookingNotificationRequest): Promise<BookingFacts> {
    if (!request.bookingId) throw new ValidationError(`Email ${request.template} needs a bookingId`);
    const [row]: BookingRow[] = await this.em.execute(NOTIFICATION_SQL.booking, [this.currentTenant.tenantId, request.bookingId]);
    if (!row) throw new NotFoundError(`Booking ${request.bookingId}`);
    return {
      id: row.id,
      eventDate: row.event_date,
      lineItems: row.line_items,
      totalCents: row.total_cents,
      commissionCents: row.commission_cents,
      currency: row.currency,
      refundedAt: row.refunded_at === null ? null : new Date(row.refunded_at),
      customer: { name: row.customer_name, email: row.customer_email, phone: row.customer_phone },
      tenantName: row.tenant_name,
    };
  }

  private async bookingFailure(request: BookingNotificationRequest): Promise<BookingFailure> {
    if (!request.bookingFailureId) throw new ValidationError(`Email ${request.template} needs a bookingFailureId`);
    const failure = await this.em.findOne(BookingFailure, { id: request.bookingFailureId });
    if (!failure) throw new NotFoundError(`Booking failure ${request.bookingFailureId}`);
    return failure;
  }

  /** The tenant's name, plus colors and logo from its published config when there is one. */
  private async brandingOf(tenantName: string): Promise<EmailBranding> {
    const published = await this.published.read();
    // Nothing published: the emails' own neutral look, not the widget's default colours.
    if (!published.version) return { name: tenantName, primaryColor: null, secondaryColor: null, logoUrl: null };
    const { branding } = published.config;
    // The renderer checks each value again (#rrggbb, https) before it writes one into an email.
    return { name: tenantName, primaryColor: branding.primaryColor, secondaryColor: branding.secondaryColor, logoUrl: branding.logoUrl };
  }
}

/** What the booking emails show of a booking. */
interface BookingFacts {
  id: string;
  eventDate: string;
  lineItems: LineItem[];
  totalCents: number;
  commissionCents: number;
  currency: string;
  refundedAt: Date | null;
  customer: { name: string; email: string; phone: string | null };
  tenantName: string;
}

interface BookingRow {
  id: string;
  event_date: string;
  line_items: LineItem[];
  total_cents: number;
  commission_cents: number;
  currency: string;
  refunded_at: string | Date | null;
  customer_name: string;
  customer_email: string;
  customer_phone: string | null;
  tenant_name: string;
}

function bookingModel(booking: BookingFacts, tenant: EmailBranding): BookingEmailModel {
  return {
    tenant,
    customer: { name: booking.customer.name, email: booking.customer.email, phone: booking.customer.phone },
    bookingId: booking.id,
    eventDate: booking.eventDate,
    lineItems: booking.lineItems.map((item) => ({ name: item.name, priceCents: item.priceCents })),
    totalCents: booking.totalCents,
    currency: booking.currency,
  };
}

/**
 * `booking-confirmed:booking-<id>:ada@example.com`: one per template, record and recipient. An address
 * too long for the column is replaced by its SHA-256, which keeps the key unique and stable.
 */
export function dedupeKeyOf(template: EmailTemplateName, reference: string, to: string): string {
  const key = `${template}:${reference}:${to.toLowerCase()}`;
  if (key.length <= DEDUPE_KEY_MAX) return key;
  return `${template}:${reference}:sha256-${createHash('sha256').update(to.toLowerCase()).digest('hex')}`;
}
