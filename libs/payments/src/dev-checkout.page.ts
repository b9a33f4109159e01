import { escapeHtml, formatMoney } from '@mais/domain';
import { devPage } from './dev-page';

/** A line of the dev checkout page; LineItem fits. */
export interface DevCheckoutLine {
  name: string;
  priceCents: number;
}

export interface DevCheckoutPageParams {
  sessionId: string;
  tenantName: string;
  eventDate: string;
  lineItems: readonly DevCheckoutLine[];
  totalCents: number;
  currency: string;
  customerEmail?: string;
  expiresAt?: Date;
  /** `open` shows Pay and Cancel; `complete` and `expired` show the outcome instead. Default `open`. */
  status?: 'open' | 'complete' | 'expired';
  /** A line shown with the outcome, e.g. "Booking confirmed". */
  message?: string;
  /** Where "Continue" leads after the outcome (see checkoutReturnUrl); http(s) only. */
  returnUrl?: string | null;
}

/** Stripe's placeholder in a success URL, replaced by the session id when it sends the customer back. */
export const CHECKOUT_SESSION_ID_PLACEHOLDER = '{CHECKOUT_SESSION_ID}';

/**
 * Where the page sends the customer: the checkout's success URL with `{CHECKOUT_SESSION_ID}` filled in, or
 * its cancel URL as given (Stripe fills the placeholder in success URLs only); null for anything but an
 * absolute http(s) URL, so the page never redirects anywhere else.
 */
export function checkoutReturnUrl(kind: 'success' | 'cancel', url: string | null | undefined, sessionId: string): string | null {
  if (!url) return null;
  return httpUrl(kind === 'success' ? url.split(CHECKOUT_SESSION_ID_PLACEHOLDER).join(encodeURIComponent(sessionId)) : url);
}

function httpUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
}

/**
 * The simulated Stripe Checkout page. Plain HTML forms and inline CSS only, so it works under a strict
 * Content-Security-Policy without scripts; every interpolated value is escaped. The forms post an
 * empty `text/plain` body, which Fastify parses out of the box (it has no urlencoded parser), and are
 * answered with a redirect to the success or cancel URL, as Stripe's page does.
 */
export function renderDevCheckoutPage(params: DevCheckoutPageParams): string {
  const status = params.status ?? 'open';
  const base = `/v1/dev/checkout/${encodeURIComponent(params.sessionId)}`;
  const rows = params.lineItems
    .map((line) => `<tr><td>${escapeHtml(line.name)}</td><td class="num">${escapeHtml(formatMoney(line.priceCents, params.currency))}</td></tr>`)
    .join('\n          ');
  const total = escapeHtml(formatMoney(params.totalCents, params.currency));
  const details = [
    `<dt>Event date</dt><dd>${escapeHtml(params.eventDate)}</dd>`,
    params.customerEmail ? `<dt>Email</dt><dd>${escapeHtml(params.customerEmail)}</dd>` : '',
    params.expiresAt ? `<dt>Expires</dt><dd>${escapeHtml(params.expiresAt.toISOString())}</dd>` : '',
    `<dt>Session</dt><dd><code>${escapeHtml(params.sessionId)}</code></dd>`,
  ].join('');

  const actions =
    status === 'open'
      ? `<div class="actions">
        <form method="post" enctype="text/plain" action="${escapeHtml(`${base}/complete`)}"><button type="submit" class="pay">Pay ${total}</button></form>
        <form method="post" enctype="text/plain" action="${escapeHtml(`${base}/expire`)}"><button type="submit" class="cancel">Cancel</button></form>
      </div>`
      : `<p class="outcome ${status}" role="status">${status === 'complete' ? 'Payment received.' : 'Checkout cancelled; the date is released.'}${
          params.message ? ` ${escapeHtml(params.message)}` : ''
        }</p>${safeReturnLink(params.returnUrl)}`;

  return devPage({
    title: `Checkout · ${params.tenantName}`,
    banner: 'Simulated payment: no card is charged and no money moves.',
    css: `    dl { display: grid; grid-template-columns: auto 1fr; gap: .25rem 1rem; font-size: .875rem; }
    dt { color: #656d76; } dd { margin: 0; word-break: break-all; }
    table { width: 100%; border-collapse: collapse; margin: 1rem 0; }
    td { padding: .375rem 0; border-bottom: 1px solid #eaeef2; } .num { text-align: right; white-space: nowrap; }
    tfoot td { font-weight: 600; border-bottom: 0; }
    .pay { background: #635bff; border-color: #635bff; color: #fff; }
    .outcome { padding: .75rem; border-radius: 6px; } .complete { background: #dafbe1; } .expired { background: #ffebe9; }`,
    body: `    <h1>${escapeHtml(params.tenantName)}</h1>
    <dl>${details}</dl>
    <table>
      <tbody>
          ${rows}
      </tbody>
      <tfoot><tr><td>Total</td><td class="num">${total}</td></tr></tfoot>
    </table>
    ${actions}`,
  });
}

function safeReturnLink(returnUrl: string | null | undefined): string {
  const url = returnUrl ? httpUrl(returnUrl) : null;
  return url ? `<p><a href="${escapeHtml(url)}">Continue</a></p>` : '';
}
