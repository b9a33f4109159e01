import type { BookingConfirmedEmailModel, RenderedEmail } from './email-models';
import { formatEventDate, oneLine } from './format';
import { html } from './html';
import { htmlLayout, htmlReference, htmlSummary, paragraph, textLayout, textSummary, themeOf } from './layout';

/** To the customer: the payment went through and the date is theirs. */
export function renderBookingConfirmed(model: BookingConfirmedEmailModel): RenderedEmail {
  const theme = themeOf(model.tenant);
  const date = formatEventDate(model.eventDate);
  const heading = 'Your booking is confirmed';
  const intro = `Thank you for booking with ${model.tenant.name}. ${date} is reserved for you.`;
  const keep = `Keep this email for your records and quote the booking reference when you contact ${model.tenant.name}.`;
  return {
    subject: oneLine(`Booking confirmed: ${model.tenant.name} on ${date}`),
    html: htmlLayout(theme, {
      preheader: intro,
      heading,
      body: html`${paragraph(`Hi ${model.customer.name},`)}${paragraph(intro)}${htmlSummary(theme, model)}${paragraph(keep)}${htmlReference('Booking reference', model.bookingId)}`,
    }),
    text: textLayout(theme, {
      heading,
      body: [`Hi ${model.customer.name},`, '', intro, '', ...textSummary(model), '', keep, '', `Booking reference: ${model.bookingId}`],
    }),
  };
}
