import type { BrandingSettings, ConfigDocument } from './config-document.schema';

/**
 * The widget's look from a config's branding, as CSS custom properties. The API writes them into the widget
 * page before first paint and the widget applies them again after `mais:refresh`: one computation for both,
 * so this file imports types only (the browser bundle takes it as it is).
 *
 * Text on a brand colour is black or white, whichever contrasts more (at least 4.58:1 for any colour),
 * so a tenant's choice of colour cannot make the widget's buttons unreadable.
 */
export interface WidgetTheme {
  /** `light`, `dark` or `auto` (the `data-scheme` attribute of the page; the stylesheet does the rest). */
  scheme: BrandingSettings['colorScheme'];
  variables: Record<string, string>;
}

const FALLBACK_FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export function widgetTheme(branding: BrandingSettings): WidgetTheme {
  const primary = branding.primaryColor.toLowerCase();
  const secondary = branding.secondaryColor.toLowerCase();
  return {
    scheme: branding.colorScheme,
    variables: {
      '--mais-primary': primary,
      '--mais-on-primary': readableOn(primary),
      '--mais-surface': secondary,
      '--mais-on-surface': readableOn(secondary),
      '--mais-font': `${branding.fontFamily}, ${FALLBACK_FONTS}`,
    },
  };
}

/** The declarations of `theme` as one CSS rule for `:root`. Values come from validated config (colours, a font pattern without `;{}<>`). */
export function themeCss(theme: WidgetTheme): string {
  return `:root{${Object.entries(theme.variables)
    .map(([name, value]) => `${name}:${value}`)
    .join(';')}}`;
}

/** `#000000` or `#ffffff`, whichever has the higher WCAG contrast ratio against `hex` (`#rrggbb`). */
export function readableOn(hex: string): '#000000' | '#ffffff' {
  const luminance = relativeLuminance(hex);
  // Contrast with black is (L + 0.05) / 0.05, with white 1.05 / (L + 0.05): equal at L ≈ 0.179.
  return (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) ? '#000000' : '#ffffff';
}

/** WCAG 2 relative luminance of `#rrggbb`. */
export function relativeLuminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The CSP `frame-ancestors` sources of the widget page: the config's origins, or any site (`*`) when it lists none. */
export function frameAncestors(config: ConfigDocument): string {
  return config.widget.embedOrigins.length > 0 ? config.widget.embedOrigins.join(' ') : '*';
}
