import { buildCheckoutMetadata, compactLineItems, fitStripeMetadata, readCheckoutReference } from './checkout-metadata';

describe(compactLineItems.name, () => {
  it('writes kind, slug and price of each line', () => {
    expect(
      compactLineItems([
        { kind: 'PACKAGE', slug: 'classic', priceCents: 250000 },
        { kind: 'ADD_ON', slug: 'drone', priceCents: 30000 },
      ]),
    ).toBe('P:classic:250000,A:drone:30000');
  });

  it('cuts a long list at an item boundary and says how many were left out', () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ kind: 'ADD_ON' as const, slug: `add-on-${i}`, priceCents: 1000 }));

    const text = compactLineItems(items);

    expect(text.length).toBeLessThanOrEqual(500);
    const kept = text.split(',').slice(0, -1);
    expect(kept.every((part) => /^A:add-on-\d+:1000$/.test(part))).toBe(true);
    expect(text.endsWith(`,+${60 - kept.length} more`)).toBe(true);
  });
});

describe(fitStripeMetadata.name, () => {
  it('keeps the first 50 keys and cuts values to 500 characters', () => {
    const metadata = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`key${i}`, 'v'.repeat(600)]));

    const fitted = fitStripeMetadata(metadata);

    expect(Object.keys(fitted)).toEqual(Array.from({ length: 50 }, (_, i) => `key${i}`));
    expect(Object.values(fitted).every((value) => value.length === 500)).toBe(true);
  });

  it('leaves out keys longer than 40 characters rather than cutting their names', () => {
    expect(fitStripeMetadata({ holdId: 'h-1', ['k'.repeat(41)]: 'x' })).toEqual({ holdId: 'h-1' });
  });
});

describe(readCheckoutReference.name, () => {
  it('reads back the reference that buildCheckoutMetadata wrote', () => {
    const reference = { tenantId: 't-1', holdId: 'h-1', eventDate: '2027-06-12' };

    expect(readCheckoutReference(buildCheckoutMetadata(reference))).toEqual(reference);
  });

  it('returns null when a part is missing', () => {
    expect(readCheckoutReference({ tenantId: 't-1', holdId: 'h-1' })).toBeNull();
    expect(readCheckoutReference(null)).toBeNull();
  });
});
