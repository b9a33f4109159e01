import { ValidationError } from '../common/domain.error';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  /** 1..100, default 20. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Opaque to clients: base64url of the sort key (strings) of the last item served. */
export function encodeCursor(values: readonly string[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** The sort key a cursor carries; a cursor this API did not hand out is a 400. */
export function decodeCursor(cursor: string, length: number): string[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  if (!Array.isArray(values) || values.length !== length || !values.every((v) => typeof v === 'string')) {
    throw new ValidationError('Invalid cursor', [{ field: 'cursor', message: 'is not a cursor this list handed out' }]);
  }
  return values as string[];
}

export function pageSize(request: PageRequest): number {
  return Math.min(Math.max(request.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
}

/** A page from `limit + 1` rows: the extra row only says that there is a next page. */
export function toPage<T>(rows: T[], limit: number, sortKeyOf: (last: T) => string[]): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(sortKeyOf(items[items.length - 1])) : null };
}
