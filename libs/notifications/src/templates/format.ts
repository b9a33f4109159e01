import { isCalendarDate } from '@mais/domain';

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

export const DEFAULT_PRIMARY_COLOR = '#1f2937';
export const DEFAULT_SECONDARY_COLOR = '#6b7280';

/** The color if it is exactly `#rrggbb`, else the fallback: a color lands in a style attribute. */
export function safeColor(color: string | null | undefined, fallback: string): string {
  return typeof color === 'string' && HEX_COLOR.test(color) ? color : fallback;
}

/** Dark text on light backgrounds, white on dark ones (WCAG relative luminance). */
export function textColorOn(background: string): string {
  const channel = (hex: string) => {
    const c = parseInt(hex, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = [1, 3, 5].map((i) => channel(background.slice(i, i + 2)));
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.4 ? '#111827' : '#ffffff';
}

/** The logo URL if it is a well-formed https URL, else undefined. */
export function safeLogoUrl(url: string | null | undefined): string | undefined {
  return safeUrl(url, ['https:']);
}

export function safeUrl(url: string | null | undefined, protocols: readonly string[]): string | undefined {
  if (typeof url !== 'string' || url.trim() === '') return undefined;
  try {
    const parsed = new URL(url.trim());
    return protocols.includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

const DATE_IN_WORDS = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  weekday: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});

/** "2026-06-13" → "Saturday, June 13, 2026": the day as written, with no time zone shift. */
export function formatEventDate(date: string): string {
  if (!isCalendarDate(date)) throw new RangeError(`Not a YYYY-MM-DD calendar date: ${date}`);
  const [y, m, d] = date.split('-').map(Number);
  return DATE_IN_WORDS.format(new Date(Date.UTC(y, m - 1, d)));
}

/** Subjects are one line: a newline in a tenant or customer name must not reach a mail header. */
export function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
