import { isCalendarDate } from './calendar-date';
import { ValidationError } from './domain.error';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  /** 1..100, default 20. */
  limit?: number;
  /** An opaque `nextCursor` from the previous page. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type CursorValue = string | number;

/**
 * What a cursor position may hold: an integer, an instant (ISO 8601 string, decoded to a Date), a calendar
 * date (YYYY-MM-DD) or a UUID.
 */
type CursorKind = 'integer' | 'instant' | 'date' | 'uuid';
type Decoded<K extends CursorKind> = K extends 'integer' ? number : K extends 'instant' ? Date : string;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Opaque to clients: base64url of the sort key of the last item served. */
export function encodeCursor(values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** The sort key a cursor carries, each value checked, so a forged cursor is a 400 and never reaches SQL. */
export function decodeCursor<const K extends readonly CursorKind[]>(cursor: string, kinds: K): { [I in keyof K]: Decoded<K[I]> } {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  if (!Array.isArray(values) || values.length !== kinds.length) throw invalidCursor();
  return kinds.map((kind, i) => decodeValue(kind, values[i])) as { [I in keyof K]: Decoded<K[I]> };
}

function decodeValue(kind: CursorKind, value: unknown): number | Date | string {
  if (kind === 'integer' && Number.isSafeInteger(value)) return value as number;
  if (kind === 'uuid' && typeof value === 'string' && UUID.test(value)) return value;
  if (kind === 'date' && isCalendarDate(value)) return value;
  if (kind === 'instant' && typeof value === 'string') {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime()) && date.toISOString() === value) return date;
  }
  throw invalidCursor();
}

function invalidCursor(): ValidationError {
  return new ValidationError('Invalid cursor', [{ field: 'cursor', message: 'is not a cursor this list handed out' }]);
}

export function pageSize(request: PageRequest): number {
  return Math.min(Math.max(request.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
}

/** Builds a page from `limit + 1` rows: the extra row only says whether there is a next page. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (last: T) => CursorValue[]): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(cursorOf(items[items.length - 1])) : null };
}
