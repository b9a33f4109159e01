import type { LineItem } from '@mais/domain';

/** Stripe's metadata limits: 50 keys, key names up to 40 characters, values up to 500 characters. */
export const STRIPE_METADATA_LIMITS = { maxKeys: 50, maxKeyLength: 40, maxValueLength: 500 } as const;

/** The metadata keys a checkout session carries; the webhook handler reads them back by these names. */
export const CHECKOUT_METADATA_KEYS = {
  tenantId: 'tenantId',
  holdId: 'holdId',
  eventDate: 'eventDate',
  lineItems: 'lineItems',
  lineItemCount: 'lineItemCount',
} as const;

export interface CheckoutReference {
  tenantId: string;
  holdId: string;
  eventDate: string;
}

/** The metadata of a checkout session (and its payment intent): what ties a payment back to a hold. */
export function buildCheckoutMetadata(
  input: CheckoutReference & { lineItems?: readonly Pick<LineItem, 'kind' | 'slug' | 'priceCents'>[] },
): Record<string, string> {
  const metadata: Record<string, string> = {
    [CHECKOUT_METADATA_KEYS.tenantId]: input.tenantId,
    [CHECKOUT_METADATA_KEYS.holdId]: input.holdId,
    [CHECKOUT_METADATA_KEYS.eventDate]: input.eventDate,
  };
  if (input.lineItems) {
    metadata[CHECKOUT_METADATA_KEYS.lineItems] = compactLineItems(input.lineItems);
    metadata[CHECKOUT_METADATA_KEYS.lineItemCount] = String(input.lineItems.length);
  }
  return fitStripeMetadata(metadata);
}

/** Reads the hold reference back from a session's metadata; null when any part is missing. */
export function readCheckoutReference(metadata: unknown): CheckoutReference | null {
  if (typeof metadata !== 'object' || metadata === null) return null;
  const record = metadata as Record<string, unknown>;
  const tenantId = record[CHECKOUT_METADATA_KEYS.tenantId];
  const holdId = record[CHECKOUT_METADATA_KEYS.holdId];
  const eventDate = record[CHECKOUT_METADATA_KEYS.eventDate];
  if (typeof tenantId !== 'string' || typeof holdId !== 'string' || typeof eventDate !== 'string') return null;
  return { tenantId, holdId, eventDate };
}

/**
 * `P:classic:250000,A:drone-footage:30000` — for people reading the Stripe dashboard; the hold keeps
 * the authoritative line items. Cut at an item boundary with a `,+N more` tail when over 500 characters.
 */
export function compactLineItems(lineItems: readonly Pick<LineItem, 'kind' | 'slug' | 'priceCents'>[]): string {
  const parts = lineItems.map((item) => `${item.kind === 'PACKAGE' ? 'P' : 'A'}:${item.slug}:${item.priceCents}`);
  const max = STRIPE_METADATA_LIMITS.maxValueLength;
  const full = parts.join(',');
  if (full.length <= max) return full;
  for (let kept = parts.length - 1; kept >= 0; kept--) {
    const tail = `+${parts.length - kept} more`;
    const text = [...parts.slice(0, kept), tail].join(',');
    if (text.length <= max) return text;
  }
  return `+${parts.length} more`;
}

/** Enforces Stripe's limits so long metadata never turns a checkout into a 400: values are cut, over-long keys dropped. */
export function fitStripeMetadata(metadata: Record<string, string>): Record<string, string> {
  const { maxKeys, maxKeyLength, maxValueLength } = STRIPE_METADATA_LIMITS;
  const fitted: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (Object.keys(fitted).length >= maxKeys) break;
    // A cut key name would mislead whoever reads it back (and could collide): leave it out instead.
    if (key.length > maxKeyLength) continue;
    fitted[key] = value.slice(0, maxValueLength);
  }
  return fitted;
}
