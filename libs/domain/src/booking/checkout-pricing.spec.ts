import { priceCheckout } from './checkout-pricing';

const classic = { id: 'p-1', slug: 'classic', name: 'Classic', basePriceCents: 10001 };
const drone = { id: 'a-1', slug: 'drone', name: 'Drone footage', priceCents: 2000 };
const album = { id: 'a-2', slug: 'album', name: 'Album', priceCents: 0 };

describe(priceCheckout.name, () => {
  it('charges the base price alone when no add-on is chosen, and rounds 12.5% of 10001 up to 1251', () => {
    expect(priceCheckout(classic, [], '12.5')).toEqual({
      lineItems: [{ kind: 'PACKAGE', id: 'p-1', slug: 'classic', name: 'Classic', priceCents: 10001 }],
      totalCents: 10001,
      commissionCents: 1251,
      commissionPercent: '12.50',
    });
  });

  it('adds the add-ons to the total, in the order chosen, and takes the commission on the whole', () => {
    const price = priceCheckout(classic, [drone, album], '12.50');
    expect(price.lineItems.map((item) => [item.kind, item.slug, item.priceCents])).toEqual([
      ['PACKAGE', 'classic', 10001],
      ['ADD_ON', 'drone', 2000],
      ['ADD_ON', 'album', 0],
    ]);
    expect(price.totalCents).toBe(12001);
    expect(price.commissionCents).toBe(1501);
  });

  it('takes no commission on a free package', () => {
    expect(priceCheckout({ ...classic, basePriceCents: 0 }, [], '10')).toMatchObject({ totalCents: 0, commissionCents: 0 });
  });

  it('rounds 15% of 1 cent up to 1 cent', () => {
    expect(priceCheckout({ ...classic, basePriceCents: 1 }, [], '15')).toMatchObject({ totalCents: 1, commissionCents: 1 });
  });

  it('takes nothing at 0% and everything at 100%', () => {
    expect(priceCheckout(classic, [drone], '0').commissionCents).toBe(0);
    expect(priceCheckout(classic, [drone], '100').commissionCents).toBe(12001);
  });

  it('stays exact on totals where floating point would drift', () => {
    const big = { ...classic, basePriceCents: 999_999_999 };
    // 999999999 × 0.07 = 69999999.93 → 70000000; a float product can land a cent off.
    expect(priceCheckout(big, [], '7').commissionCents).toBe(70_000_000);
    expect(priceCheckout(big, [{ ...drone, priceCents: 1 }], '33.33').commissionCents).toBe(333_300_000);
  });

  it('refuses a price that is not whole cents', () => {
    expect(() => priceCheckout({ ...classic, basePriceCents: 10.5 }, [], '10')).toThrow(RangeError);
  });
});
