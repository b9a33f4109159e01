import { readCharge, readCheckoutSession, readConnectAccount, readStoredEvent, readStripeNotice } from './stripe-notice';

const tenantId = '7d1c2d7e-94b5-4f7e-9a51-1b9a0a1f2c3d';
const holdId = '0b6f3c1a-2d4e-4f60-8a7b-9c0d1e2f3a4b';

describe(readStoredEvent.name, () => {
  it('reads type, creation time, account and the data object', () => {
    expect(readStoredEvent({ id: 'evt_1', type: 'charge.refunded', created: 1796000000, account: 'acct_1', data: { object: { id: 'ch_1' } } })).toEqual({
      type: 'charge.refunded',
      created: 1796000000,
      account: 'acct_1',
      object: { id: 'ch_1' },
    });
    expect(readStoredEvent({ type: 'x', created: '1796000000', data: { object: {} } })?.created).toBeNull();
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

describe('reading provider events: what counts, exactly', () => {
  it('refuses an event whose type is not a string, or whose data or data.object is not an object', () => {
    expect(readStoredEvent({ type: 7, data: { object: {} } })).toBeNull();
    expect(readStoredEvent({ data: { object: {} } })).toBeNull();
    expect(readStoredEvent({ type: 'x', data: [] })).toBeNull();
    expect(readStoredEvent({ type: 'x', data: { object: [] } })).toBeNull();
    expect(readStoredEvent({ type: 'x', data: { object: 'ch_1' } })).toBeNull();
    expect(readStoredEvent([{ type: 'x', data: { object: {} } }])).toBeNull();
    expect(readStoredEvent(null)).toBeNull();
    expect(readStoredEvent({ type: 'x', account: 42, data: { object: {} } })?.account).toBeNull();
  });

  it('takes the hold from the metadata before client_reference_id, and only a UUID', () => {
    const other = '11111111-2222-4333-8444-555555555555';
    expect(readCheckoutSession({ id: 'cs_1', client_reference_id: other, metadata: { tenantId, holdId } })?.holdId).toBe(holdId);
    // A holdId in the metadata that is not a string does not hide client_reference_id.
    expect(readCheckoutSession({ id: 'cs_1', client_reference_id: other, metadata: { tenantId, holdId: 7 } })?.holdId).toBe(other);
    expect(readCheckoutSession({ id: 'cs_1', client_reference_id: 'not-a-uuid', metadata: { tenantId } })).toBeNull();
    expect(readCheckoutSession({ id: 'cs_1', metadata: { tenantId, holdId: 'nope' }, client_reference_id: other })).toBeNull();
  });

  it('needs the session id as a string, and reads ids in any case as lower case', () => {
    expect(readCheckoutSession({ id: 7, metadata: { tenantId, holdId } })).toBeNull();
    expect(readCheckoutSession({ metadata: { tenantId, holdId } })).toBeNull();
    expect(readCheckoutSession({ id: 'cs_1', metadata: { tenantId: tenantId.toUpperCase(), holdId: holdId.toUpperCase() } })).toMatchObject({
      tenantId,
      holdId,
    });
    expect(readCheckoutSession({ id: 'cs_1', metadata: 'tenantId', client_reference_id: holdId })).toBeNull();
  });

  it('reads the payment status and intent only when they are there and of their type', () => {
    const base = { id: 'cs_1', metadata: { tenantId, holdId } };
    expect(readCheckoutSession({ ...base, payment_status: 1, payment_intent: 5 })).toMatchObject({ paymentStatus: null, paymentIntentId: null });
    expect(readCheckoutSession({ ...base, payment_intent: '' })?.paymentIntentId).toBeNull();
    expect(readCheckoutSession({ ...base, payment_intent: { object: 'payment_intent' } })?.paymentIntentId).toBeNull();
    expect(readCheckoutSession({ ...base, payment_status: 'unpaid' })?.paymentStatus).toBe('unpaid');
  });

  it.each([
    ['refunded flag', { refunded: true }, true],
    ['everything refunded', { amount: 1000, amount_refunded: 1000 }, true],
    ['more refunded than charged', { amount: 1000, amount_refunded: 1200 }, true],
    ['one cent short', { amount: 1000, amount_refunded: 999 }, false],
    ['nothing refunded', { amount: 1000, amount_refunded: 0 }, false],
    ['a zero charge', { amount: 0, amount_refunded: 0 }, false],
    ['amounts that are not numbers', { amount: '1000', amount_refunded: '1000' }, false],
    ['a charged amount that is not a number', { amount: '1000', amount_refunded: 1000 }, false],
    ['a refunded amount that is not a number', { amount: 1000, amount_refunded: '1000' }, false],
    ['no refunded amount', { amount: 1000 }, false],
    ['no amount', { amount_refunded: 1000 }, false],
    ['a refunded flag that is not true', { refunded: 'yes' }, false],
  ])('calls a charge fully refunded only when it is: %s', (_, fields, fully) => {
    expect(readCharge({ payment_intent: 'pi_1', ...fields })?.fullyRefunded).toBe(fully);
  });

  it('reads the tenant of a charge from its metadata only when it is a UUID, in lower case; and an expanded payment intent', () => {
    expect(readCharge({ payment_intent: { id: 'pi_9' }, metadata: { tenantId: tenantId.toUpperCase() } })).toEqual({
      paymentIntentId: 'pi_9',
      tenantId,
      fullyRefunded: false,
    });
    expect(readCharge({ payment_intent: 'pi_1', metadata: { tenantId: 'acme' } })?.tenantId).toBeNull();
    expect(readCharge({ payment_intent: 'pi_1', metadata: null })?.tenantId).toBeNull();
    expect(readCharge({ payment_intent: '' })).toBeNull();
  });
});

describe(readConnectAccount.name, () => {
  it('reads charges, details and the requirements due (currently and past due, each once) of a connected account', () => {
    expect(
      readConnectAccount({
        id: 'acct_1',
        object: 'account',
        charges_enabled: false,
        details_submitted: true,
        requirements: {
          currently_due: ['external_account', 'tos_acceptance.date'],
          past_due: ['external_account', 42],
          disabled_reason: 'requirements.past_due',
        },
      }),
    ).toEqual({
      accountId: 'acct_1',
      chargesEnabled: false,
      detailsSubmitted: true,
      requirementsDue: ['external_account', 'tos_acceptance.date'],
      disabledReason: 'requirements.past_due',
    });
  });

  it('counts only a literal true as enabled, and refuses what is not an account', () => {
    expect(readConnectAccount({ id: 'acct_2', charges_enabled: 'true', details_submitted: 1 })).toEqual({
      accountId: 'acct_2',
      chargesEnabled: false,
      detailsSubmitted: false,
      requirementsDue: [],
      disabledReason: null,
    });
    expect(readConnectAccount({ id: 'ch_1' })).toBeNull();
    expect(readConnectAccount({})).toBeNull();
  });
});

describe(readStripeNotice.name, () => {
  const session = {
    id: 'cs_1',
    object: 'checkout.session',
    client_reference_id: holdId,
    metadata: { tenantId },
    payment_intent: 'pi_1',
    amount_total: 12001,
    currency: 'USD',
  };
  const event = (type: string, object: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    id: 'evt_1',
    type,
    created: 1796000000,
    data: { object },
    ...extra,
  });
  const ref = { sessionId: 'cs_1', tenantId, holdId, paymentIntentId: 'pi_1', amountTotalCents: 12001, currency: 'usd' };

  it('keeps the envelope: event id, type, creation time and connected account', () => {
    expect(readStripeNotice(event('charge.refunded', { payment_intent: 'pi_1', refunded: true }, { account: 'acct_9' }))).toEqual({
      id: 'evt_1',
      type: 'charge.refunded',
      created: 1796000000,
      account: 'acct_9',
      notice: { kind: 'charge-refunded', charge: { paymentIntentId: 'pi_1', tenantId: null, fullyRefunded: true } },
    });
    expect(readStripeNotice({ type: 'x' })).toBeNull();
  });

  it('tells a paid checkout from one awaiting a delayed payment, and names why a checkout closed', () => {
    expect(readStripeNotice(event('checkout.session.completed', { ...session, payment_status: 'paid' }))?.notice).toEqual({
      kind: 'checkout-paid',
      session: ref,
    });
    expect(readStripeNotice(event('checkout.session.completed', { ...session, payment_status: 'no_payment_required' }))?.notice.kind).toBe('checkout-paid');
    expect(readStripeNotice(event('checkout.session.async_payment_succeeded', { ...session, payment_status: 'paid' }))?.notice.kind).toBe('checkout-paid');
    expect(readStripeNotice(event('checkout.session.completed', { ...session, payment_status: 'unpaid' }))?.notice).toEqual({
      kind: 'checkout-awaiting-payment',
      session: ref,
    });
    expect(readStripeNotice(event('checkout.session.expired', session))?.notice).toEqual({ kind: 'checkout-closed', session: ref, why: 'expired' });
    expect(readStripeNotice(event('checkout.session.async_payment_failed', session))?.notice).toEqual({
      kind: 'checkout-closed',
      session: ref,
      why: 'payment-failed',
    });
  });

  it('reads Connect events, and ignores with a reason what MAIS cannot act on', () => {
    expect(readStripeNotice(event('account.updated', { id: 'acct_9', charges_enabled: true }))?.notice).toMatchObject({
      kind: 'account-updated',
      account: { accountId: 'acct_9', chargesEnabled: true },
    });
    expect(readStripeNotice(event('account.application.deauthorized', { id: 'ca_1' }, { account: 'acct_9' }))?.notice).toEqual({
      kind: 'account-disconnected',
      accountId: 'acct_9',
    });
    const ignored = (type: string, object: Record<string, unknown>) => readStripeNotice(event(type, object))?.notice;
    expect(ignored('account.application.deauthorized', { id: 'ca_1' })).toEqual({ kind: 'ignored', note: 'A deauthorization that names no account' });
    expect(ignored('account.updated', { id: 'ch_1' })).toEqual({ kind: 'ignored', note: 'Not a connected account' });
    expect(ignored('charge.refunded', { id: 'ch_1' })).toEqual({ kind: 'ignored', note: 'A charge without a payment intent' });
    expect(ignored('checkout.session.completed', { id: 'cs_2', metadata: {} })).toEqual({ kind: 'ignored', note: 'Not a checkout session created by MAIS' });
    expect(ignored('checkout.session.expired', { id: 'cs_2' })).toEqual({ kind: 'ignored', note: 'Not a checkout session created by MAIS' });
    expect(ignored('invoice.paid', { id: 'in_1' })).toEqual({ kind: 'ignored' });
  });
});

describe('reading provider events: bounds and identities', () => {
  it('keeps the event id only when it is a string', () => {
    const body = { type: 'invoice.paid', data: { object: {} } };
    expect(readStripeNotice({ ...body, id: 'evt_7' })?.id).toBe('evt_7');
    expect(readStripeNotice({ ...body, id: 7 })?.id).toBe('');
    expect(readStripeNotice(body)?.id).toBe('');
  });

  it('keeps at most 50 requirements and 255 characters of the disabled reason (they are stored on the tenant)', () => {
    const many = Array.from({ length: 60 }, (_, i) => `requirement_${i}`);
    const account = readConnectAccount({ id: 'acct_1', requirements: { currently_due: many, disabled_reason: 'r'.repeat(300) } })!;
    expect(account.requirementsDue).toEqual(many.slice(0, 50));
    expect(account.disabledReason).toBe('r'.repeat(255));
  });

  it('takes a tenant id from the metadata only when it is exactly a UUID', () => {
    const object = { id: 'cs_1', client_reference_id: holdId };
    expect(readCheckoutSession({ ...object, metadata: { tenantId: `x${tenantId}` } })).toBeNull();
    expect(readCheckoutSession({ ...object, metadata: { tenantId: `${tenantId}x` } })).toBeNull();
    expect(readCharge({ payment_intent: 'pi_1', metadata: { tenantId: 42 } })?.tenantId).toBeNull();
  });

  it('counts a charge refunded in full by its amounts only when both are numbers', () => {
    expect(readCharge({ payment_intent: 'pi_1', amount: 100, amount_refunded: 100 })?.fullyRefunded).toBe(true);
    expect(readCharge({ payment_intent: 'pi_1', amount: null, amount_refunded: 100 })?.fullyRefunded).toBe(false);
    expect(readCharge({ payment_intent: 'pi_1', amount: 100, amount_refunded: null })?.fullyRefunded).toBe(false);
  });
});
