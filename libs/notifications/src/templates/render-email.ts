import type { EmailTemplateName } from '@mais/domain';
import { renderBookingCancelled } from './booking-cancelled.template';
import { renderBookingConfirmed } from './booking-confirmed.template';
import { renderBookingNewTenant } from './booking-new-tenant.template';
import type { EmailModels, RenderedEmail } from './email-models';
import { renderPaymentRefundedDateTaken } from './payment-refunded-date-taken.template';
import { renderWebhookEndpointDisabled } from './webhook-endpoint-disabled.template';

// Keyed by the domain's template names: a new name without a renderer does not compile.
const RENDERERS: { readonly [T in EmailTemplateName]: (model: EmailModels[T]) => RenderedEmail } = {
  'booking-confirmed': renderBookingConfirmed,
  'booking-new-tenant': renderBookingNewTenant,
  'payment-refunded-date-taken': renderPaymentRefundedDateTaken,
  'booking-cancelled': renderBookingCancelled,
  'webhook-endpoint-disabled': renderWebhookEndpointDisabled,
};

/** Renders one email's subject, text and HTML from its template's model. Pure; throws RangeError on a bad date or amount. */
export function renderEmail<T extends EmailTemplateName>(template: T, model: EmailModels[T]): RenderedEmail {
  const render = RENDERERS[template] as (model: EmailModels[T]) => RenderedEmail;
  if (!render) throw new RangeError(`Unknown email template: ${String(template)}`);
  return render(model);
}
