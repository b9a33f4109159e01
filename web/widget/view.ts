import type { ConfigDocument } from '../../libs/config-versioning/src/document/config-document.schema';
import { widgetTheme } from '../../libs/config-versioning/src/document/theme';
import { formatMoney } from '../../libs/domain/src/common/money';

/** Integer cents in the tenant's currency, as the emails write them (one rule: libs/domain money.ts). */
export const money = (cents: number, currency: string): string => formatMoney(cents, currency);

/** The config's theme on the page (the server wrote the same values into the page before first paint). */
export function applyTheme(config: ConfigDocument): void {
  const theme = widgetTheme(config.branding);
  const root = document.documentElement;
  root.dataset.scheme = theme.scheme;
  // CSSOM, not a style attribute or element: allowed by the page's Content-Security-Policy.
  for (const [name, value] of Object.entries(theme.variables)) root.style.setProperty(name, value);
}
