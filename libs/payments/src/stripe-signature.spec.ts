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
    expect(() => verifyStripeSignature(payload, header, SECRET)).toThrow(
      new InvalidSignatureError('Webhook signature timestamp is outside the tolerance window'),
    );
  });

  it('refuses a timestamp more than the tolerance in the future, as a pre-signed replay would carry', () => {
    for (const ahead of [WEBHOOK_TOLERANCE_SECONDS + 1, 3600, 10 * 365 * 86400]) {
      const header = signStripePayload(payload, SECRET, now() + ahead);
      expect(() => verifyStripeSignature(payload, header, SECRET)).toThrow(
        new InvalidSignatureError('Webhook signature timestamp is outside the tolerance window'),
      );
    }
  });

  describe('at exactly the tolerance, with the clock held still', () => {
    const NOW = 1_800_000_000;
    beforeEach(() => jest.useFakeTimers({ now: NOW * 1000, doNotFake: ['nextTick', 'setImmediate'] }));
    afterEach(() => jest.useRealTimers());

    it('accepts a signature exactly the tolerance old or ahead, and refuses one second more either way', () => {
      const at = (t: number) => () => verifyStripeSignature(payload, signStripePayload(payload, SECRET, t), SECRET);
      expect(at(NOW - WEBHOOK_TOLERANCE_SECONDS)().id).toBe('evt_1');
      expect(at(NOW + WEBHOOK_TOLERANCE_SECONDS)().id).toBe('evt_1');
      expect(at(NOW - WEBHOOK_TOLERANCE_SECONDS - 1)).toThrow(new InvalidSignatureError('Webhook signature timestamp is outside the tolerance window'));
      expect(at(NOW + WEBHOOK_TOLERANCE_SECONDS + 1)).toThrow(new InvalidSignatureError('Webhook signature timestamp is outside the tolerance window'));
    });

    it('takes a tolerance of its own', () => {
      const header = signStripePayload(payload, SECRET, NOW - 10);
      expect(verifyStripeSignature(payload, header, SECRET, 10).id).toBe('evt_1');
      expect(() => verifyStripeSignature(payload, header, SECRET, 9)).toThrow(InvalidSignatureError);
    });
  });

  it('says why a signature is refused: missing, not matching, malformed', () => {
    const refused = (body: string, header: string | undefined, secret = SECRET) => {
      try {
        verifyStripeSignature(body, header, secret);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidSignatureError);
        return (error as Error).message;
      }
      throw new Error('expected a refusal');
    };
    const header = signStripePayload(payload, SECRET);
    expect(refused(payload, undefined)).toBe('Missing Stripe-Signature header');
    expect(refused(payload, '')).toBe('Missing Stripe-Signature header');
    expect(refused(payload, header, 'whsec_another')).toBe('Webhook signature does not match the body');
    expect(refused(payload.replace('evt_1', 'evt_2'), header)).toBe('Webhook signature does not match the body');
    expect(refused(payload, 'garbage')).toBe('Webhook signature header is malformed or empty');
    expect(refused(payload, `t=${now()}`)).toBe('Webhook signature header is malformed or empty');
    // Only the v1 scheme counts: a v0 signature, even a right one, is not one.
    expect(refused(payload, header.replace('v1=', 'v0='))).toBe('Webhook signature header is malformed or empty');
  });

  it('accepts a header with several v1 signatures when one of them matches (Stripe sends two while a secret rolls)', () => {
    const good = signStripePayload(payload, SECRET);
    const other = signStripePayload(payload, 'whsec_old')
      .split(',')
      .find((part) => part.startsWith('v1='))!;
    expect(verifyStripeSignature(payload, `${good},${other}`, SECRET).id).toBe('evt_1');
    expect(verifyStripeSignature(payload, `${good.split(',')[0]},${other},${good.split(',')[1]}`, SECRET).id).toBe('evt_1');
  });

  describe('the signed body must be a Stripe event', () => {
    const verify = (body: string) => () => verifyStripeSignature(body, signStripePayload(body, SECRET), SECRET);
    const event = { id: 'evt_1', object: 'event', type: 'checkout.session.completed', created: 1, data: { object: { id: 'cs_1' } } };
    const without = (key: keyof typeof event) => JSON.stringify({ ...event, [key]: undefined });

    it.each([
      ['an array', '[]'],
      ['an array of an event', JSON.stringify([event])],
      ['null', 'null'],
      ['a string', '"evt_1"'],
      ['a number', '42'],
      ['an event without id', without('id')],
      ['an event without type', without('type')],
      ['an event without created', without('created')],
      ['an event whose id is a number', JSON.stringify({ ...event, id: 1 })],
      ['an event whose created is a string', JSON.stringify({ ...event, created: '1' })],
      ['an event whose type is null', JSON.stringify({ ...event, type: null })],
    ])('refuses %s as not an event', (_, body) => {
      expect(verify(body)).toThrow(new InvalidSignatureError('Webhook body is not a Stripe event'));
    });

    it.each([
      ['no data', JSON.stringify({ ...event, data: undefined })],
      ['data that is an array', JSON.stringify({ ...event, data: [] })],
      ['no data.object', JSON.stringify({ ...event, data: {} })],
      ['a data.object that is an array', JSON.stringify({ ...event, data: { object: [] } })],
      ['a data.object that is a string', JSON.stringify({ ...event, data: { object: 'cs_1' } })],
    ])('refuses an event with %s', (_, body) => {
      expect(verify(body)).toThrow(new InvalidSignatureError('Webhook event has no data.object'));
    });

    it('refuses a signed body that is not JSON at all', () => {
      expect(verify('{"id":')).toThrow(new InvalidSignatureError('Webhook body is not valid JSON'));
    });

    it('keeps the fields the domain reads, and the connected account only when it is a string', () => {
      expect(verify(JSON.stringify({ ...event, account: 'acct_1', livemode: false }))()).toEqual({
        id: 'evt_1',
        type: 'checkout.session.completed',
        created: 1,
        account: 'acct_1',
        data: { object: { id: 'cs_1' } },
      });
      expect(verify(JSON.stringify({ ...event, account: 7 }))().account).toBeNull();
      expect(verify(JSON.stringify(event))().account).toBeNull();
    });
  });
});
