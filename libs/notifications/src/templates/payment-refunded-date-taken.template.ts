import type { PaymentRefundedDateTakenEmailModel, RenderedEmail } from './email-models';
import { formatMoney } from '@mais/domain';
import { formatEventDate, oneLine } from './format';
import { html } from './html';
import { htmlLayout, htmlReference, paragraph, textLayout, themeOf } from './layout';

/** To the customer whose payment lost the race for the date, or did not match the price: it was refunded in full. */
export function renderPaymentRefundedDateTaken(model: PaymentRefundedDateTakenEmailModel): RenderedEmail {
  const theme = themeOf(model.tenant);
  const date = formatEventDate(model.eventDate);
  const amount = formatMoney(model.refundCents, model.currency);
  const heading = 'Your payment has been refunded';
  const greeting = model.customer.name ? `Hi ${model.customer.name},` : 'Hello,';
  const lines = [
    model.paymentMismatch
      ? `We are sorry: the payment we received for ${date} did not match the price of your booking, so ${model.tenant.name} could not confirm it.`
      : `We are sorry: ${date} was booked by someone else moments before your payment completed, so ${model.tenant.name} could not reserve it for you.`,
    `Your payment of ${amount} has been refunded in full to your original payment method. Depending on your bank, it can take 5 to 10 business days to appear.`,
    model.paymentMismatch ? `You are welcome to book again with ${model.tenant.name}.` : `You are welcome to choose another date with ${model.tenant.name}.`,
  ];
  return {
    subject: oneLine(
      model.paymentMismatch
        ? `Refunded: your booking for ${date} with ${model.tenant.name} was not confirmed`
        : `Refunded: ${date} is no longer available with ${model.tenant.name}`,
    ),
    html: htmlLayout(theme, {
      preheader: lines[1],
      heading,
      body: html`${paragraph(greeting)}${lines.map((line) => paragraph(line))}${htmlReference('Reference', model.reference)}`,
    }),
    text: textLayout(theme, {
      heading,
      body: [greeting, '', ...lines.flatMap((line) => [line, '']), `Reference: ${model.reference}`],
    }),
  };
}
