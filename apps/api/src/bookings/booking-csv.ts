import type { Booking } from '@mais/domain';

const COLUMNS = [
  'id',
  'eventDate',
  'status',
  'customerName',
  'customerEmail',
  'customerPhone',
  'package',
  'addOns',
  'totalCents',
  'total',
  'commissionCents',
  'currency',
  'notes',
  'checkoutSessionId',
  'paymentIntentId',
  'createdAt',
  'cancelledAt',
  'refundedAt',
  'metadata',
] as const;

export function bookingCsvHeader(): string {
  return `${COLUMNS.join(',')}\r\n`;
}

/** One booking as a CSV line (RFC 4180: CRLF, quotes doubled). */
export function bookingCsvRow(booking: Booking): string {
  const items = booking.lineItems;
  const cells: Record<(typeof COLUMNS)[number], string | number | null> = {
    id: booking.id,
    eventDate: booking.eventDate,
    status: booking.status,
    customerName: booking.customer.name,
    customerEmail: booking.customer.email,
    customerPhone: booking.customer.phone,
    package: items.find((item) => item.kind === 'PACKAGE')?.name ?? '',
    addOns: items
      .filter((item) => item.kind === 'ADD_ON')
      .map((item) => item.name)
      .join('; '),
    totalCents: booking.totalCents,
    total: inUnits(booking.totalCents, booking.currency),
    commissionCents: booking.commissionCents,
    currency: booking.currency,
    notes: booking.notes,
    checkoutSessionId: booking.checkoutSessionId,
    paymentIntentId: booking.paymentIntentId,
    createdAt: booking.createdAt.toISOString(),
    cancelledAt: booking.cancelledAt?.toISOString() ?? null,
    refundedAt: booking.refundedAt?.toISOString() ?? null,
    metadata: Object.keys(booking.metadata).length > 0 ? JSON.stringify(booking.metadata) : '',
  };
  return `${COLUMNS.map((column) => csvCell(cells[column])).join(',')}\r\n`;
}

/** "120.01" for 12001 cents of usd: the currency's own minor unit (3 for kwd, 0 for jpy). */
export function inUnits(cents: number, currency: string): string {
  const digits = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).resolvedOptions().maximumFractionDigits ?? 2;
  if (digits === 0) return String(cents);
  const text = String(cents).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/**
 * A CSV cell: quoted when it holds a comma, quote or line break; text a spreadsheet would run as a formula
 * (=, +, -, @, tab, carriage return first, unless it is a plain number or phone number) gets a leading apostrophe,
 * so a customer's name cannot be a formula.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  // A phone number or a plain number (+1 555…, -5) is data, not a formula: it keeps its sign.
  const formula = /^[=+\-@\t\r]/.test(value) && !/^[+-]?[0-9][0-9 ().-]*$/.test(value);
  const text = formula ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
