import { commissionCents, formatPercent, sumCents } from '../common/money';
import type { LineItem } from './line-item';

export interface PricedPackage {
  id: string;
  slug: string;
  name: string;
  basePriceCents: number;
}

export interface PricedAddOn {
  id: string;
  slug: string;
  name: string;
  priceCents: number;
}

export interface CheckoutPrice {
  lineItems: LineItem[];
  totalCents: number;
  commissionCents: number;
  /** Canonical form, as stored: "12.50". */
  commissionPercent: string;
}

/**
 * The price of a checkout: the package's base price plus the chosen add-ons, and the platform's
 * commission on that total (exact integer arithmetic, rounded up to the cent).
 */
export function priceCheckout(pkg: PricedPackage, addOns: readonly PricedAddOn[], commissionPercent: string | number): CheckoutPrice {
  const lineItems: LineItem[] = [
    { kind: 'PACKAGE', id: pkg.id, slug: pkg.slug, name: pkg.name, priceCents: pkg.basePriceCents },
    ...addOns.map((a): LineItem => ({ kind: 'ADD_ON', id: a.id, slug: a.slug, name: a.name, priceCents: a.priceCents })),
  ];
  const totalCents = sumCents(lineItems.map((item) => item.priceCents));
  return {
    lineItems,
    totalCents,
    commissionCents: commissionCents(totalCents, commissionPercent),
    commissionPercent: formatPercent(commissionPercent),
  };
}
