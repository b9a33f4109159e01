import type { BookingCancelledEmailModel, RenderedEmail } from './email-models';
import { formatMoney } from '@mais/domain';
import { formatEventDate, oneLine } from './format';
import { html } from './html';
import { htmlLayout, htmlReference, htmlSummary, paragraph, textLayout, textSummary, themeOf } from './layout';

/** To the customer: the booking is cancelled, with the refund if one was made. */
export function renderBookingCancelled(model: BookingCancelledEmailModel): RenderedEmail {
  const theme = themeOf(model.tenant);
  const date = formatEventDate(model.eventDate);
  const heading = 'Your booking has been cancelled';
  const lines = [`Your booking with ${model.tenant.name} for ${date} has been cancelled.`];
  if (model.refundCents) {
    lines.push(`A refund of ${formatMoney(model.refundCents, model.currency)} has been issued to your original payment method.`);
  }
  lines.push(`If you did not expect this, please contact ${model.tenant.name} and quote the booking reference.`);
  return {
    subject: oneLine(`Booking cancelled: ${model.tenant.name} on ${date}`),
    html: htmlLayout(theme, {
      preheader: lines[0],
      heading,
      body: html`${paragraph(`Hi ${model.customer.name},`)}${lines.map((line) => paragraph(line))}${htmlSummary(theme, model)}${htmlReference('Booking reference', model.bookingId)}`,
    }),
    text: textLayout(theme, {
      heading,
      body: [`Hi ${model.customer.name},`, '', ...lines.flatMap((line) => [line, '']), ...textSummary(model), '', `Booking reference: ${model.bookingId}`],
    }),
  };
}
