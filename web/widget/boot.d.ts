import type { ConfigDocument } from '../../libs/config-versioning/src/document/config-document.schema';

/**
 * What the widget page (apps/api/src/web) hands its script: a JSON block in the page, read before the first
 * render, with enough to paint the tenant's packages in its colours without a round trip. Declarations only
 * (nothing to emit), shared by the server that writes it and the script that reads it.
 */
export interface WidgetBoot {
  /** The tenant's public key: the widget's credential for the REST routes (X-Tenant-Key). */
  publicKey: string;
  tenant: { name: string; slug: string; currency: string };
  /** The tenant's today (YYYY-MM-DD, its time zone): the calendar opens on this month. */
  today: string;
  /** The published config, or null when it could not be read or a draft is previewed (then fetched with the admin token). */
  config: ConfigDocument | null;
  /** GET /v1/packages's answer for this tenant, or null when it could not be read (then fetched). */
  packages: unknown[] | null;
  /** The embedding page's origin, when embedded through embed.js: messages go only there and come only from there. */
  parentOrigin: string | null;
  mode: WidgetMode;
  prefill: WidgetPrefill;
  /** `utm_*` and `metadata[…]` of the host page: stored on the booking. */
  metadata: Record<string, string>;
  /** A config version to preview (admins only: the token comes from the parent page, same origin). */
  previewVersionId: string | null;
  /** A pending agent proposal to preview (the config it would make), under the same rule. */
  previewProposalId: string | null;
  /** A checkout session to follow (the return page after payment). */
  session: string | null;
  /** The host page to come back to after payment (same origin as parentOrigin); null: back to this page. */
  returnUrl: string | null;
}

export type WidgetMode = 'inline' | 'popup' | 'page';

export interface WidgetPrefill {
  name?: string;
  email?: string;
  phone?: string;
  notes?: string;
  /** A package slug. */
  package?: string;
  /** YYYY-MM-DD */
  date?: string;
}
