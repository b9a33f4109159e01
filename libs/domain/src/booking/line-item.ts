/** A priced line of a checkout or booking, snapshotted so later catalog edits never change a sale. */
export interface LineItem {
  kind: 'PACKAGE' | 'ADD_ON';
  id: string;
  slug: string;
  name: string;
  priceCents: number;
}

export interface CustomerDetails {
  email: string;
  name: string;
  phone: string | null;
}
