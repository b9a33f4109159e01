import { formatMoney } from '@mais/domain';
import type { EmailBranding, EmailLineItem } from './email-models';
import { DEFAULT_PRIMARY_COLOR, DEFAULT_SECONDARY_COLOR, formatEventDate, safeColor, safeLogoUrl, textColorOn } from './format';
import { html, SafeHtml } from './html';

export interface Theme {
  tenantName: string;
  primary: string;
  onPrimary: string;
  secondary: string;
  logoUrl: string | undefined;
}

export function themeOf(tenant: EmailBranding): Theme {
  const primary = safeColor(tenant.primaryColor, DEFAULT_PRIMARY_COLOR);
  return {
    tenantName: tenant.name,
    primary,
    onPrimary: textColorOn(primary),
    secondary: safeColor(tenant.secondaryColor, DEFAULT_SECONDARY_COLOR),
    logoUrl: safeLogoUrl(tenant.logoUrl),
  };
}

/** The branded frame around every email: header band, content card, footer. Table layout for mail clients. */
export function htmlLayout(theme: Theme, parts: { preheader: string; heading: string; body: SafeHtml }): string {
  const logo = theme.logoUrl
    ? html`<img src="${theme.logoUrl}" alt="${theme.tenantName}" height="40" style="display:block;height:40px;border:0;margin:0 0 8px;" />`
    : '';
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${parts.heading}</title>
      </head>
      <body style="margin:0;padding:0;background:#f3f4f6;font-family:Helvetica,Arial,sans-serif;color:#111827;">
        <div style="display:none;max-height:0;overflow:hidden;">${parts.preheader}</div>
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;padding:24px 0;">
          <tr>
            <td align="center">
              <table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px;">
                <tr>
                  <td style="background:${theme.primary};color:${theme.onPrimary};padding:20px 24px;border-radius:8px 8px 0 0;">
                    ${logo}
                    <div style="font-size:18px;font-weight:bold;">${theme.tenantName}</div>
                  </td>
                </tr>
                <tr>
                  <td style="padding:24px;font-size:15px;line-height:1.5;">
                    <h1 style="margin:0 0 16px;font-size:22px;line-height:1.3;">${parts.heading}</h1>
                    ${parts.body}
                  </td>
                </tr>
                <tr>
                  <td style="padding:16px 24px;border-top:3px solid ${theme.secondary};font-size:12px;color:#6b7280;">
                    Sent on behalf of ${theme.tenantName}.
                  </td>
                </tr>
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html> `.value;
}

export function textLayout(theme: Theme, parts: { heading: string; body: readonly string[] }): string {
  return [theme.tenantName, '', parts.heading, '', ...parts.body, '', '--', `Sent on behalf of ${theme.tenantName}.`, ''].join('\n');
}

export function paragraph(content: SafeHtml | string): SafeHtml {
  return html`<p style="margin:0 0 16px;">${content}</p>`;
}

export interface Summary {
  eventDate: string;
  lineItems: readonly EmailLineItem[];
  totalCents: number;
  currency: string;
  /** Extra rows after the total, e.g. the platform fee and the payout. */
  extraRows?: ReadonlyArray<{ label: string; cents: number }>;
}

/** Date, line items and total as an HTML table. */
export function htmlSummary(theme: Theme, summary: Summary): SafeHtml {
  const cell = 'padding:8px 0;border-top:1px solid #e5e7eb;';
  const items = summary.lineItems.map(
    (item) =>
      html`<tr>
        <td style="${cell}">${item.name}</td>
        <td align="right" style="${cell}">${formatMoney(item.priceCents, summary.currency)}</td>
      </tr>`,
  );
  const totalCell = `padding:8px 0;border-top:2px solid ${theme.secondary};font-weight:bold;`;
  const extras = (summary.extraRows ?? []).map(
    (row) =>
      html`<tr>
        <td style="${cell}color:#6b7280;">${row.label}</td>
        <td align="right" style="${cell}color:#6b7280;">${formatMoney(row.cents, summary.currency)}</td>
      </tr>`,
  );
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:0 0 16px;">
    <tr>
      <td style="padding:8px 0;color:#6b7280;">Date</td>
      <td align="right" style="padding:8px 0;font-weight:bold;">${formatEventDate(summary.eventDate)}</td>
    </tr>
    ${items}
    <tr>
      <td style="${totalCell}">Total</td>
      <td align="right" style="${totalCell}">${formatMoney(summary.totalCents, summary.currency)}</td>
    </tr>
    ${extras}
  </table> `;
}

/** The same summary as plain text lines. */
export function textSummary(summary: Summary): string[] {
  return [
    `Date: ${formatEventDate(summary.eventDate)}`,
    ...summary.lineItems.map((item) => `${item.name}: ${formatMoney(item.priceCents, summary.currency)}`),
    `Total: ${formatMoney(summary.totalCents, summary.currency)}`,
    ...(summary.extraRows ?? []).map((row) => `${row.label}: ${formatMoney(row.cents, summary.currency)}`),
  ];
}

export function htmlReference(label: string, value: string): SafeHtml {
  return html`<p style="margin:0 0 16px;font-size:12px;color:#6b7280;">${label}: ${value}</p>`;
}

export function htmlButton(theme: Theme, href: string, label: string): SafeHtml {
  return html`<p style="margin:0 0 16px;">
    <a
      href="${href}"
      style="display:inline-block;padding:10px 18px;background:${theme.primary};color:${theme.onPrimary};text-decoration:none;border-radius:6px;font-weight:bold;"
      >${label}</a
    >
  </p>`;
}
