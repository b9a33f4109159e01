import { InvalidSignatureError, type CreateCheckoutSessionInput } from '@mais/domain';
import { checkoutReturnUrl, renderDevCheckoutPage } from './dev-checkout.page';
import { SimulatedPaymentProvider, type SimulatedSessionSnapshot } from './simulated-payment.provider';
import { StripePaymentProvider } from './stripe-payment.provider';

const WEBHOOK_SECRET = 'whsec_simulated_spec_secret';

function checkoutInput(overrides: Partial<CreateCheckoutSessionInput> = {}): CreateCheckoutSessionInput {
  return {
    holdId: '0b6a4c1e-7f7e-4a53-9d1c-0a3c8e0f3b11',
    tenantId: '5d0f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
    connectedAccountId: null,
    eventDate: '2027-06-12',
    currency: 'usd',
    lineItems: [{ kind: 'PACKAGE', id: 'a1b2c3d4-0000-4000-8000-000000000001', slug: 'classic', name: 'Classic', priceCents: 250000 }],
    totalCents: 250000,
    applicationFeeCents: 31250,
    customerEmail: 'ann@example.com',
    expiresAt: new Date('2027-01-01T12:30:00.000Z'),
    successUrl: 'https://studio.example.com/booked',
    cancelUrl: 'https://studio.example.com/cancelled',
    ...overrides,
  };
}

const snapshot: SimulatedSessionSnapshot = {
  sessionId: 'cs_sim_0123456789abcdef0123456789abcdef',
  tenantId: '5d0f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
  holdId: '0b6a4c1e-7f7e-4a53-9d1c-0a3c8e0f3b11',
  eventDate: '2027-06-12',
  totalCents: 280000,
  currency: 'usd',
  customerEmail: 'ann@example.com',
  connectedAccountId: 'acct_1TenantConnected',
};

describe(SimulatedPaymentProvider.name, () => {
  const provider = new SimulatedPaymentProvider({ webhookSecret: WEBHOOK_SECRET, publicUrl: 'http://localhost:3000/' });

  it('is the simulated provider', () => {
    expect(provider.simulated).toBe(true);
  });

  describe('createCheckoutSession', () => {
    it('returns a cs_sim_ session whose checkout URL is the dev checkout page, with the requested expiry', async () => {
      const input = checkoutInput();
      const session = await provider.createCheckoutSession(input);

      expect(session.sessionId).toMatch(/^cs_sim_[0-9a-f]{32}$/);
      expect(session.checkoutUrl).toBe(`http://localhost:3000/v1/dev/checkout/${session.sessionId}`);
      expect(session.expiresAt).toEqual(input.expiresAt);
    });

    it('gives every checkout its own session id', async () => {
      const first = await provider.createCheckoutSession(checkoutInput());
      const second = await provider.createCheckoutSession(checkoutInput());

      expect(second.sessionId).not.toBe(first.sessionId);
    });
  });

  describe('refund', () => {
    it('succeeds with the same re_sim_ id for the same idempotency key', async () => {
      const input = { connectedAccountId: null, paymentIntentId: 'pi_sim_1', idempotencyKey: 'refund:booking-1' };
      const first = await provider.refund(input);
      const second = await provider.refund(input);
      const other = await provider.refund({ ...input, idempotencyKey: 'refund:booking-2' });

      expect(first).toEqual({ refundId: expect.stringMatching(/^re_sim_[0-9a-f]{32}$/), status: 'succeeded' });
      expect(second.refundId).toBe(first.refundId);
      expect(other.refundId).not.toBe(first.refundId);
    });
  });

  describe('buildSignedEvent', () => {
    it('builds a paid checkout.session.completed event that its own verifyWebhook accepts', () => {
      const { payload, signature, eventId } = provider.buildSignedEvent('completed', snapshot);

      const event = provider.verifyWebhook(Buffer.from(payload), signature);

      expect(event.id).toBe(eventId);
      expect(event.id).toMatch(/^evt_sim_/);
      expect(event.type).toBe('checkout.session.completed');
      expect(event.account).toBe('acct_1TenantConnected');
      expect(event.data.object).toMatchObject({
        id: snapshot.sessionId,
        object: 'checkout.session',
        status: 'complete',
        payment_status: 'paid',
        payment_intent: expect.stringMatching(/^pi_sim_/),
        amount_total: 280000,
        currency: 'usd',
        customer_email: 'ann@example.com',
        customer_details: { email: 'ann@example.com' },
        client_reference_id: snapshot.holdId,
        metadata: { tenantId: snapshot.tenantId, holdId: snapshot.holdId, eventDate: '2027-06-12' },
      });
    });

    it('builds events that a Stripe provider with the same secret accepts', () => {
      const stripe = new StripePaymentProvider({ secretKey: 'sk_test_unused', webhookSecret: WEBHOOK_SECRET, apiUrl: 'http://127.0.0.1:9' });

      for (const kind of ['completed', 'expired'] as const) {
        const { payload, signature, eventId } = provider.buildSignedEvent(kind, snapshot);
        expect(stripe.verifyWebhook(Buffer.from(payload), signature).id).toBe(eventId);
      }
    });

    it('is a Stripe-shaped event object', () => {
      const { payload } = provider.buildSignedEvent('completed', snapshot);

      expect(JSON.parse(payload)).toMatchObject({
        object: 'event',
        api_version: expect.any(String),
        created: expect.any(Number),
        livemode: false,
        data: { object: expect.any(Object) },
      });
    });

    it('builds an unpaid checkout.session.expired event', () => {
      const { payload, signature } = provider.buildSignedEvent('expired', snapshot);

      const event = provider.verifyWebhook(Buffer.from(payload), signature);

      expect(event.type).toBe('checkout.session.expired');
      expect(event.data.object).toMatchObject({ id: snapshot.sessionId, status: 'expired', payment_status: 'unpaid', payment_intent: null });
    });

    it('leaves the account out for a tenant without a connected account', () => {
      const { payload, signature } = provider.buildSignedEvent('completed', { ...snapshot, connectedAccountId: null });

      expect(JSON.parse(payload)).not.toHaveProperty('account');
      expect(provider.verifyWebhook(Buffer.from(payload), signature).account).toBeNull();
    });

    it('gives a session paid twice the same event id, as a Stripe redelivery would', () => {
      const first = provider.buildSignedEvent('completed', snapshot);
      const second = provider.buildSignedEvent('completed', snapshot);
      const expired = provider.buildSignedEvent('expired', snapshot);

      expect(second.eventId).toBe(first.eventId);
      expect(expired.eventId).not.toBe(first.eventId);
    });

    it('keeps extra metadata but never lets it override the hold reference', () => {
      const { payload } = provider.buildSignedEvent('completed', { ...snapshot, metadata: { holdId: 'forged', lineItems: 'P:classic:250000' } });

      expect(JSON.parse(payload).data.object.metadata).toEqual({
        tenantId: snapshot.tenantId,
        holdId: snapshot.holdId,
        eventDate: '2027-06-12',
        lineItems: 'P:classic:250000',
      });
    });

    it('signs with its secret only, so another secret rejects the event', () => {
      const other = new SimulatedPaymentProvider({ webhookSecret: 'whsec_other', publicUrl: 'http://localhost:3000' });
      const { payload, signature } = provider.buildSignedEvent('completed', snapshot);

      expect(() => other.verifyWebhook(Buffer.from(payload), signature)).toThrow(InvalidSignatureError);
      expect(() => provider.verifyWebhook(Buffer.from(payload.replace('280000', '1')), signature)).toThrow(InvalidSignatureError);
    });
  });
});

describe(renderDevCheckoutPage.name, () => {
  const params = {
    sessionId: 'cs_sim_0123456789abcdef0123456789abcdef',
    tenantName: 'Bella Vista Weddings',
    eventDate: '2027-06-12',
    lineItems: [
      { name: 'Classic Wedding', priceCents: 250000 },
      { name: 'Drone Footage', priceCents: 30000 },
    ],
    totalCents: 280000,
    currency: 'usd',
    customerEmail: 'ann@example.com',
  };

  it('escapes HTML in every interpolated value', () => {
    const html = renderDevCheckoutPage({
      ...params,
      sessionId: 'cs_sim_"><script>alert(1)</script>',
      tenantName: '<img src=x onerror=alert(1)>',
      eventDate: '2027-06-12</dd><script>',
      lineItems: [{ name: `Tom & Jerry's "<b>show</b>"`, priceCents: 100 }],
      customerEmail: '"><svg onload=alert(1)>@x.co',
      message: '<iframe>',
    });

    expect(html).not.toMatch(/<script|<img|<svg|<iframe|<b>/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Tom &amp; Jerry&#39;s &quot;&lt;b&gt;show&lt;/b&gt;&quot;');
  });

  it('posts Pay and Cancel as plain forms to the complete and expire routes, without scripts', () => {
    const html = renderDevCheckoutPage(params);

    expect(html).toContain(`<form method="post" enctype="text/plain" action="/v1/dev/checkout/${params.sessionId}/complete">`);
    expect(html).toContain(`<form method="post" enctype="text/plain" action="/v1/dev/checkout/${params.sessionId}/expire">`);
    expect(html).not.toMatch(/<script|onclick|https?:\/\/(?!studio)/i);
  });

  it('shows the tenant, the event date, each line item and the total formatted from cents', () => {
    const html = renderDevCheckoutPage(params);

    expect(html).toContain('Bella Vista Weddings');
    expect(html).toContain('2027-06-12');
    expect(html).toContain('Drone Footage');
    expect(html).toContain('$300.00');
    expect(html).toContain('Pay $2,800.00');
  });

  it('formats zero-decimal currencies without dividing by 100', () => {
    expect(renderDevCheckoutPage({ ...params, currency: 'jpy', totalCents: 50000 })).toContain('¥50,000');
  });

  it('shows the outcome instead of the buttons once the session is complete', () => {
    const html = renderDevCheckoutPage({ ...params, status: 'complete', returnUrl: 'https://studio.example.com/booked' });

    expect(html).toContain('Payment received.');
    expect(html).not.toContain('<form');
    expect(html).toContain('<a href="https://studio.example.com/booked">Continue</a>');
  });

  it('drops a return link that is not http(s)', () => {
    const html = renderDevCheckoutPage({ ...params, status: 'expired', returnUrl: 'javascript:alert(1)' });

    expect(html).toContain('Checkout cancelled');
    expect(html).not.toContain('javascript:');
  });
});

describe(checkoutReturnUrl.name, () => {
  const sessionId = 'cs_sim_0123456789abcdef0123456789abcdef';

  it('fills every {CHECKOUT_SESSION_ID} of a success URL with the session id, as Stripe does', () => {
    expect(checkoutReturnUrl('success', 'https://studio.example.com/thanks?s={CHECKOUT_SESSION_ID}&again={CHECKOUT_SESSION_ID}', sessionId)).toBe(
      `https://studio.example.com/thanks?s=${sessionId}&again=${sessionId}`,
    );
    expect(checkoutReturnUrl('success', 'http://localhost:3000/done/{CHECKOUT_SESSION_ID}', sessionId)).toBe(`http://localhost:3000/done/${sessionId}`);
  });

  it('uses a cancel URL as given', () => {
    expect(checkoutReturnUrl('cancel', 'https://studio.example.com/book?step=date', sessionId)).toBe('https://studio.example.com/book?step=date');
  });

  it('refuses anything but an absolute http(s) URL, so the page never redirects elsewhere', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<script>', '/relative', '//evil.example.com', '', undefined]) {
      expect(checkoutReturnUrl('success', url, sessionId)).toBeNull();
      expect(checkoutReturnUrl('cancel', url, sessionId)).toBeNull();
    }
  });
});
