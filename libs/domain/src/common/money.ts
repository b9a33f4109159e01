/**
 * Money is integer minor units (cents). Percentages are decimal strings with at most two
 * fractional digits ("12.5", "12.50"), as stored in numeric(5,2); all arithmetic is exact.
 */

const PERCENT_PATTERN = /^(\d{1,3})(?:\.(\d{1,2}))?$/;

/** "12.5" → 1250 basis points (hundredths of a percent). */
export function percentToBasisPoints(percent: string | number): number {
  const text = typeof percent === 'number' ? normalisePercentNumber(percent) : percent.trim();
  const match = PERCENT_PATTERN.exec(text);
  if (!match) throw new RangeError(`Not a percentage with at most two decimals: ${percent}`);
  const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (basisPoints > 10_000) throw new RangeError(`Percentage above 100: ${percent}`);
  return basisPoints;
}

function normalisePercentNumber(value: number): string {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`Not a percentage: ${value}`);
  // toFixed(2) would silently round 12.345; reject anything with more precision instead.
  const fixed = value.toFixed(2);
  if (Math.abs(Number(fixed) - value) > 1e-9) throw new RangeError(`Percentage with more than two decimals: ${value}`);
  return fixed;
}

/** Canonical form of a percentage for storage and responses: "12.50". */
export function formatPercent(percent: string | number): string {
  const bp = percentToBasisPoints(percent);
  return `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}`;
}

/** Commission = ceil(totalCents × percent / 100), exact, always rounded up to the cent. */
export function commissionCents(totalCents: number, percent: string | number): number {
  assertCents(totalCents, 'totalCents');
  const bp = BigInt(percentToBasisPoints(percent));
  const product = BigInt(totalCents) * bp;
  const quotient = product / 10_000n;
  return Number(product % 10_000n === 0n ? quotient : quotient + 1n);
}

export function sumCents(amounts: readonly number[]): number {
  let total = 0;
  for (const amount of amounts) {
    assertCents(amount, 'amount');
    total += amount;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError('Total exceeds the safe integer range');
  return total;
}

export function assertCents(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer of cents`);
}

/**
 * 12001 cents, "usd" → "$120.01", for emails and pages people read; the currency's own minor unit decides
 * the divisor (1000 "jpy" → "¥1,000").
 */
export function formatMoney(cents: number, currency: string): string {
  assertCents(cents, 'cents');
  const { formatter, divisor } = moneyFormat(currency.toUpperCase());
  return formatter.format(cents / divisor);
}

/** Building an Intl.NumberFormat costs far more than using one (a booking's emails format a dozen amounts). */
const moneyFormats = new Map<string, { formatter: Intl.NumberFormat; divisor: number }>();
function moneyFormat(currency: string): { formatter: Intl.NumberFormat; divisor: number } {
  let format = moneyFormats.get(currency);
  if (!format) {
    const formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    format = { formatter, divisor: 10 ** (formatter.resolvedOptions().maximumFractionDigits ?? 2) };
    // Bounded: Intl takes only three-letter codes (a malformed one throws above and is not kept).
    moneyFormats.set(currency, format);
  }
  return format;
}
