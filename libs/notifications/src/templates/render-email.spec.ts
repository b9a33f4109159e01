import type { EmailTemplateName } from '@mais/domain';
import type { BookingEmailModel, EmailModels } from './email-models';
import { renderEmail } from './render-email';

const booking: BookingEmailModel = {
  tenant: { name: 'Bloom & Vine Weddings', primaryColor: '#7c3aed', secondaryColor: '#f59e0b', logoUrl: 'https://cdn.example.com/logo.png' },
  customer: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+1 555 0100' },
  bookingId: '7f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f',
  eventDate: '2026-06-13',
  lineItems: [
    { name: 'Garden package', priceCents: 10000 },
    { name: 'Extra hour', priceCents: 2001 },
  ],
  totalCents: 12001,
  currency: 'usd',
};

const models: EmailModels = {
  'booking-confirmed': booking,
  'booking-new-tenant': { ...booking, commissionCents: 1501, adminUrl: 'https://app.example.com/admin/bookings/1' },
  'payment-refunded-date-taken': {
    tenant: booking.tenant,
    customer: { email: 'ada@example.com' },
    eventDate: '2026-06-13',
    refundCents: 12001,
    currency: 'USD',
    reference: 'bf_123',
  },
  'booking-cancelled': { ...booking, refundCents: 12001 },
  'webhook-endpoint-disabled': {
    tenant: booking.tenant,
    endpointId: '0f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f',
    url: 'https://hooks.example.com/mais',
    reason: 'HTTP 503',
    failingSince: '2026-06-12T08:00:00.000Z',
    consoleUrl: 'https://mais.example.com/console',
  },
};

/** The emails about a booking or a payment (to customers, or naming a customer). */
const templates = (Object.keys(models) as EmailTemplateName[]).filter((name) => name !== 'webhook-endpoint-disabled');

describe(renderEmail.name, () => {
  it.each(templates)('renders %s with a subject, a text body and an HTML body', (template) => {
    const email = renderEmail(template, models[template] as never);
    expect(email.subject).toContain('Saturday, June 13, 2026');
    expect(email.text).toContain('Bloom & Vine Weddings');
    expect(email.html).toMatch(/^<!doctype html>/);
    expect(email.html).toContain('Bloom &amp; Vine Weddings');
  });

  it('escapes a <script> in the customer name in every HTML body', () => {
    const customer = { name: '<script>alert("x")</script>', email: 'eve@example.com' };
    for (const template of templates) {
      const email = renderEmail(template, { ...models[template], customer } as never);
      expect(email.html).not.toContain('<script>');
      if (template !== 'payment-refunded-date-taken') {
        expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      }
    }
  });

  it('tells the admins which endpoint was disabled, since when, why, and how to turn it back on', () => {
    const email = renderEmail('webhook-endpoint-disabled', models['webhook-endpoint-disabled']);
    expect(email.subject).toBe('Webhook endpoint disabled: https://hooks.example.com/mais');
    for (const body of [email.text, email.html]) {
      expect(body).toContain('Fri, 12 Jun 2026 08:00:00 GMT');
      expect(body).toContain('HTTP 503');
      expect(body).toContain('0f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f');
      expect(body).toContain('https://mais.example.com/console');
    }
    expect(email.text).toContain('"enabled": true');
    const hostile = renderEmail('webhook-endpoint-disabled', {
      ...models['webhook-endpoint-disabled'],
      url: 'https://x.example/<script>',
      reason: '<img src=x>',
    });
    expect(hostile.html).not.toContain('<script>');
    expect(hostile.html).not.toContain('<img src=x>');
  });

  it('escapes the tenant name, line item names and references', () => {
    const email = renderEmail('booking-confirmed', {
      ...booking,
      tenant: { name: '"><img src=x onerror=alert(1)>' },
      lineItems: [{ name: '<b>Gold</b>', priceCents: 12001 }],
      bookingId: "x' onmouseover='alert(1)",
    });
    expect(email.html).not.toMatch(/<img src=x|<b>Gold|' onmouseover='/);
    expect(email.html).toContain('&lt;b&gt;Gold&lt;/b&gt;');
  });

  it('formats 12001 cents in USD as $120.01', () => {
    const email = renderEmail('booking-confirmed', booking);
    expect(email.html).toContain('$120.01');
    expect(email.text).toContain('Total: $120.01');
    expect(email.text).toContain('Extra hour: $20.01');
  });

  it('formats yen, which has no minor unit, as whole yen', () => {
    const email = renderEmail('booking-confirmed', { ...booking, currency: 'jpy', lineItems: [{ name: 'Plan', priceCents: 15000 }], totalCents: 15000 });
    expect(email.text).toContain('Total: ¥15,000');
  });

  it('writes the event date in words, on the day given, whatever the server time zone', () => {
    const email = renderEmail('booking-confirmed', { ...booking, eventDate: '2027-01-01' });
    expect(email.subject).toBe('Booking confirmed: Bloom & Vine Weddings on Friday, January 1, 2027');
  });

  it('rejects an event date that is not YYYY-MM-DD', () => {
    expect(() => renderEmail('booking-confirmed', { ...booking, eventDate: '2026-02-30' })).toThrow(RangeError);
  });

  it('uses the tenant colors when they are #rrggbb and the defaults otherwise', () => {
    expect(renderEmail('booking-confirmed', booking).html).toContain('background:#7c3aed');
    const hostile = renderEmail('booking-confirmed', {
      ...booking,
      tenant: { name: 'T', primaryColor: 'red;background:url(https://evil.example/x)', secondaryColor: '#12345' },
    });
    expect(hostile.html).not.toContain('evil.example');
    expect(hostile.html).not.toContain('#12345;');
    expect(hostile.html).toContain('background:#1f2937');
  });

  it('shows the logo only when it is an https URL', () => {
    expect(renderEmail('booking-confirmed', booking).html).toContain('<img src="https://cdn.example.com/logo.png"');
    for (const logoUrl of ['http://cdn.example.com/logo.png', 'javascript:alert(1)', 'not a url']) {
      const email = renderEmail('booking-confirmed', { ...booking, tenant: { ...booking.tenant, logoUrl } });
      expect(email.html).not.toContain('<img');
    }
  });

  it('keeps the subject on one line when a name contains a newline', () => {
    const email = renderEmail('booking-new-tenant', { ...booking, customer: { ...booking.customer, name: 'Ada\r\nBcc: x@example.com' } });
    expect(email.subject).toBe('New booking: Ada Bcc: x@example.com on Saturday, June 13, 2026');
  });

  it('shows the tenant the platform fee, its payout and the customer contact', () => {
    const email = renderEmail('booking-new-tenant', models['booking-new-tenant']);
    expect(email.text).toContain('Platform fee: $15.01');
    expect(email.text).toContain('Your payout: $105.00');
    expect(email.text).toContain('Phone: +1 555 0100');
    expect(email.html).toContain('href="https://app.example.com/admin/bookings/1"');
  });

  it('tells the customer whose date was taken how much was refunded', () => {
    const email = renderEmail('payment-refunded-date-taken', models['payment-refunded-date-taken']);
    expect(email.subject).toBe('Refunded: Saturday, June 13, 2026 is no longer available with Bloom & Vine Weddings');
    expect(email.text).toContain('Hello,');
    expect(email.text).toContain('Your payment of $120.01 has been refunded in full');
    expect(email.text).toContain('Reference: bf_123');
  });

  it('tells the customer whose payment did not match the price that it was refunded, without blaming the date', () => {
    const email = renderEmail('payment-refunded-date-taken', { ...models['payment-refunded-date-taken'], paymentMismatch: true });
    expect(email.subject).toBe('Refunded: your booking for Saturday, June 13, 2026 with Bloom & Vine Weddings was not confirmed');
    expect(email.text).toContain('did not match the price of your booking');
    expect(email.text).not.toContain('booked by someone else');
    expect(email.text).toContain('Your payment of $120.01 has been refunded in full');
  });

  it('mentions the refund in a cancellation only when there is one', () => {
    expect(renderEmail('booking-cancelled', models['booking-cancelled']).text).toContain('A refund of $120.01 has been issued');
    expect(renderEmail('booking-cancelled', { ...booking, refundCents: null }).text).not.toContain('refund');
  });
});
