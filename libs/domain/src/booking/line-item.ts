/** A priced line of a checkout or booking, snapshotted so later catalog edits never change a sale. */
export interface LineItem {
  kind: 'PACKAGE' | 'ADD_ON';
  id: string;
  slug: string;
  name: string;
  priceCents: number;
}

/** Marketing and integration data of a sale (`utm_source`, a host page's reference…): string values only. */
export type BookingMetadata = Record<string, string>;

export interface CustomerDetails {
  email: string;
  name: string;
  phone: string | null;
}
