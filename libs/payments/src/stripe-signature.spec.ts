import Stripe from 'stripe';
import { InvalidSignatureError } from '@mais/domain';
import { signStripePayload, verifyStripeSignature, WEBHOOK_TOLERANCE_SECONDS } from './stripe-signature';

const SECRET = 'whsec_signature_spec';
const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'checkout.session.completed', created: 1, data: { object: { id: 'cs_1' } } });
const now = () => Math.floor(Date.now() / 1000);

describe(verifyStripeSignature.name, () => {
  it('accepts a signature made by the stripe library within the tolerance on either side', () => {
    for (const offset of [0, -(WEBHOOK_TOLERANCE_SECONDS - 5), WEBHOOK_TOLERANCE_SECONDS - 5]) {
      const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp: now() + offset });
      expect(verifyStripeSignature(payload, header, SECRET).id).toBe('evt_1');
    }
  });

  it('refuses a timestamp more than the tolerance in the past', () => {
    const header = signStripePayload(payload, SECRET, now() - WEBHOOK_TOLERANCE_SECONDS - 1);
    expect(() => verifyStripeSignature(payload, header, SECRET)).toThrow(new InvalidSignatureError('Webhook signature timestamp is outside the tolerance window'));
  });

  it('refuses a timestamp more than the tolerance in the future, as a pre-signed replay would carry', () => {
    for (const ahead of [WEBHOOK_TOLERANCE_SECONDS + 1, 3600, 10 * 365 * 86400]) {
      const header = signStripePayload(payload, SECRET, now() + ahead);
      expect(() => verifyStripeSignature(payload, header, SECRET)).toThrow(new InvalidSignatureError('Webhook signature timestamp is outside the tolerance window'));
    }
  });

});
