import type { BookingNewTenantEmailModel, RenderedEmail } from './email-models';
import { formatEventDate, oneLine, safeUrl } from './format';
import { html } from './html';
import { htmlButton, htmlLayout, htmlReference, htmlSummary, paragraph, Summary, textLayout, textSummary, themeOf } from './layout';

/** To the tenant's admins: who booked which date, for what, and what they will be paid. */
export function renderBookingNewTenant(model: BookingNewTenantEmailModel): RenderedEmail {
  const theme = themeOf(model.tenant);
  const date = formatEventDate(model.eventDate);
  const heading = 'New booking';
  const intro = `${model.customer.name} booked ${date}.`;
  const contact = [`Name: ${model.customer.name}`, `Email: ${model.customer.email}`];
  if (model.customer.phone) contact.push(`Phone: ${model.customer.phone}`);
  const summary: Summary = { ...model, extraRows: payoutRows(model) };
  const adminUrl = safeUrl(model.adminUrl, ['https:', 'http:']);
  return {
    subject: oneLine(`New booking: ${model.customer.name} on ${date}`),
    html: htmlLayout(theme, {
      preheader: intro,
      heading,
      body: html`${paragraph(intro)}${paragraph(html`${contact.map((line, i) => html`${i > 0 ? html`<br />` : ''}${line}`)}`)}${htmlSummary(theme, summary)}${adminUrl ? htmlButton(theme, adminUrl, 'View the booking') : ''}${htmlReference('Booking reference', model.bookingId)}`,
    }),
    text: textLayout(theme, {
      heading,
      body: [
        intro,
        '',
        ...contact,
        '',
        ...textSummary(summary),
        ...(adminUrl ? ['', `View the booking: ${adminUrl}`] : []),
        '',
        `Booking reference: ${model.bookingId}`,
      ],
    }),
  };
}

function payoutRows(model: BookingNewTenantEmailModel): Summary['extraRows'] {
  const fee = model.commissionCents;
  if (fee === null || fee === undefined || fee > model.totalCents) return [];
  return [
    { label: 'Platform fee', cents: fee },
    { label: 'Your payout', cents: model.totalCents - fee },
  ];
}
