import { createHash } from 'node:crypto';
import { isCalendarDate } from '@mais/domain';
import { parseTenantKey, SLUG_PATTERN as TENANT_SLUG } from '@mais/tenancy';
import { METADATA_RULE } from '../bookings/checkout.dto';
import type { EntryFiles } from './web-assets';
import type { WidgetMode, WidgetPrefill } from '../../../../web/widget/boot';

const PREFILL_FIELDS = ['name', 'email', 'phone', 'notes', 'package', 'date'] as const satisfies readonly (keyof WidgetPrefill)[];

/** What `GET /widget` was asked, bounded and checked; anything malformed is left out rather than trusted. */
export interface WidgetQuery {
  tenant: { slug: string } | { publicKey: string };
  parentOrigin: string | null;
  returnUrl: string | null;
  mode: WidgetMode;
  prefill: WidgetPrefill;
  metadata: Record<string, string>;
  versionId: string | null;
  proposalId: string | null;
  session: string | null;
}

/** A package slug (CreatePackageDto's rule). */
const PACKAGE_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SESSION = /^cs_[A-Za-z0-9_]{1,250}$/;
const UTM = /^utm_[a-z]{1,20}$/;
const METADATA = /^metadata\[([^\]]+)\]$/;
const VALUE_LENGTH = 500;
const NOTES_LENGTH = 2000;

/** The query string of `GET /widget`, or a message saying what is wrong with it (the tenant is the one thing it needs). */
export function parseWidgetQuery(query: Record<string, unknown>): WidgetQuery | { error: string } {
  const text = (name: string): string | undefined => {
    const value = query[name];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  const slug = text('tenant');
  const key = text('key');
  let tenant: WidgetQuery['tenant'];
  if (slug !== undefined) {
    if (!TENANT_SLUG.test(slug)) return { error: 'tenant must be a business slug (lower-case letters, digits and inner hyphens)' };
    tenant = { slug };
  } else if (key !== undefined) {
    if (parseTenantKey(key)?.kind !== 'pk') return { error: 'key must be a public key (pk_live_…)' };
    tenant = { publicKey: key };
  } else {
    return { error: 'name the business: ?tenant=<slug> or ?key=<public key>' };
  }

  const parentOrigin = originOf(text('origin'));
  const returnText = text('return');
  const returnUrl = parentOrigin && returnText && returnText.length <= 2048 && originOf(returnText, true) === parentOrigin ? returnText : null;
  const requestedMode = text('mode');
  const mode: WidgetMode = !parentOrigin ? 'page' : requestedMode === 'popup' ? 'popup' : 'inline';

  const prefill: WidgetPrefill = {};
  for (const field of PREFILL_FIELDS) {
    const value = text(field)?.trim();
    if (!value || value.length > (field === 'notes' ? NOTES_LENGTH : VALUE_LENGTH)) continue;
    if (field === 'date' && !isCalendarDate(value)) continue;
    if (field === 'package' && !PACKAGE_SLUG.test(value)) continue;
    prefill[field] = value;
  }

  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (typeof value !== 'string' || value.length === 0) continue;
    if (value.length > METADATA_RULE.maxValueLength) continue;
    const key = UTM.test(name) ? name : METADATA.exec(name)?.[1];
    if (key && METADATA_RULE.keyPattern.test(key) && Object.keys(metadata).length < METADATA_RULE.maxEntries) metadata[key] = value;
  }

  const versionId = text('versionId')?.toLowerCase();
  const proposalId = text('proposalId')?.toLowerCase();
  // `mais_session`: how the payment page comes back to a widget opened as a page of its own (embed.js passes `session`).
  const session = text('session') ?? text('mais_session');
  return {
    tenant,
    parentOrigin,
    returnUrl,
    mode,
    prefill,
    metadata,
    versionId: versionId && UUID.test(versionId) ? versionId : null,
    proposalId: proposalId && UUID.test(proposalId) && !versionId ? proposalId : null,
    session: session && SESSION.test(session) ? session : null,
  };
}

/** `https://shop.example.com` for an http(s) origin (or, with `url`, any http(s) URL's origin); null for anything else. */
export function originOf(value: string | undefined, url = false): string | null {
  if (!value || value.length > 2048) return null;
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
    return url || parsed.origin === value ? parsed.origin : null;
  } catch {
    return null;
  }
}

export interface WidgetPageParts {
  title: string;
  lang: string;
  scheme: string;
  mode: WidgetMode;
  themeCss: string;
  /** The boot JSON (WidgetBoot), as text. */
  bootJson: string;
  entry: EntryFiles;
}

/**
 * The widget page: the built script and styles, the theme as a hashed <style> (allowed by the page's CSP
 * through its hash, so the tenant's colours are there at first paint) and the boot data as a JSON block.
 */
export function renderWidgetPage(parts: WidgetPageParts): string {
  const styles = entryLinks(parts.entry);
  return (
    `<!doctype html><html lang="${escapeHtml(parts.lang)}" data-scheme="${escapeHtml(parts.scheme)}" data-mode="${parts.mode}"><head>` +
    '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">' +
    `<title>${escapeHtml(parts.title)}</title>${styles}<style>${parts.themeCss}</style>` +
    `<script type="module" src="/web/assets/${escapeHtml(parts.entry.script)}"></script></head>` +
    '<body><div id="app"><p role="status">Loading…</p></div>' +
    '<noscript>This booking page needs JavaScript.</noscript>' +
    `<script type="application/json" id="mais-boot">${scriptSafe(parts.bootJson)}</script></body></html>`
  );
}

/** The stylesheets and the preloaded shared chunks of a built entry, as <link>s. */
export function entryLinks(entry: EntryFiles): string {
  return (
    entry.styles.map((file) => `<link rel="stylesheet" href="/web/assets/${escapeHtml(file)}">`).join('') +
    entry.preloads.map((file) => `<link rel="modulepreload" href="/web/assets/${escapeHtml(file)}">`).join('')
  );
}

/** The Content-Security-Policy of a widget page: its own files only, the theme by hash, framed only where the tenant allows. */
export function widgetPageCsp(themeCss: string, frameAncestors: string): string {
  const themeHash = createHash('sha256').update(themeCss).digest('base64');
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'sha256-${themeHash}'`,
    "img-src 'self' https: data:",
    "connect-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

/** JSON inside <script>: `<` escaped, so no `</script>` or `<!--` in a tenant's text can end the block. */
export function scriptSafe(json: string): string {
  return json
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A short page for what went wrong (a browser shows it in the frame), with the status it answers. */
export function renderMessagePage(title: string, message: string): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main></body></html>`
  );
}
