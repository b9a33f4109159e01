import { readCharge, readCheckoutSession, readStoredEvent } from './payment-event';

const tenantId = '7d1c2d7e-94b5-4f7e-9a51-1b9a0a1f2c3d';
const holdId = '0b6f3c1a-2d4e-4f60-8a7b-9c0d1e2f3a4b';

describe(readStoredEvent.name, () => {
  it('reads type, account and the data object', () => {
    expect(readStoredEvent({ id: 'evt_1', type: 'charge.refunded', account: 'acct_1', data: { object: { id: 'ch_1' } } })).toEqual({
      type: 'charge.refunded',
      account: 'acct_1',
      object: { id: 'ch_1' },
    });
  });

  it('reports a platform event with account null, and refuses what is not an event', () => {
    expect(readStoredEvent({ type: 'x', data: { object: {} } })?.account).toBeNull();
    expect(readStoredEvent({ type: 'x' })).toBeNull();
    expect(readStoredEvent('nope')).toBeNull();
  });
});

describe(readCheckoutSession.name, () => {
  it('reads the tenant and hold from the metadata, and the payment intent', () => {
    expect(
      readCheckoutSession({
        id: 'cs_1',
        payment_status: 'paid',
        payment_intent: 'pi_1',
        amount_total: 280000,
        currency: 'USD',
        client_reference_id: holdId,
        metadata: { tenantId, holdId, eventDate: '2027-06-12' },
      }),
    ).toEqual({ sessionId: 'cs_1', tenantId, holdId, paymentStatus: 'paid', paymentIntentId: 'pi_1', amountTotalCents: 280000, currency: 'usd' });
  });

  it('reports an amount or currency that is missing or not of its type as null', () => {
    const base = { id: 'cs_1', client_reference_id: holdId, metadata: { tenantId } };
    expect(readCheckoutSession(base)).toMatchObject({ amountTotalCents: null, currency: null });
    expect(readCheckoutSession({ ...base, amount_total: '280000', currency: 840 })).toMatchObject({ amountTotalCents: null, currency: null });
    expect(readCheckoutSession({ ...base, amount_total: 10.5 })).toMatchObject({ amountTotalCents: null });
  });

  it('falls back to client_reference_id for the hold, and reads an expanded payment intent', () => {
    expect(readCheckoutSession({ id: 'cs_1', client_reference_id: holdId, metadata: { tenantId }, payment_intent: { id: 'pi_2' } })).toMatchObject({
      holdId,
      paymentIntentId: 'pi_2',
    });
  });

  it('is null for a session MAIS did not create', () => {
    expect(readCheckoutSession({ id: 'cs_1', metadata: {} })).toBeNull();
    expect(readCheckoutSession({ id: 'cs_1', metadata: { tenantId: 'not-a-uuid', holdId } })).toBeNull();
  });
});

describe(readCharge.name, () => {
  it('tells a full refund from a partial one', () => {
    expect(readCharge({ payment_intent: 'pi_1', refunded: true, metadata: { tenantId } })).toEqual({ paymentIntentId: 'pi_1', tenantId, fullyRefunded: true });
    expect(readCharge({ payment_intent: 'pi_1', refunded: false, amount: 1000, amount_refunded: 400 })).toEqual({
      paymentIntentId: 'pi_1',
      tenantId: null,
      fullyRefunded: false,
    });
  });

  it('is null without a payment intent', () => expect(readCharge({ id: 'ch_1' })).toBeNull());
});
