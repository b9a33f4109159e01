/** Internal helpers shared by validation and patching: JSON-safe deep copies and error paths. */

export interface ConfigFieldError {
  /** Dotted path into the document, e.g. `branding.primaryColor`, `displayRules.0.to`; `''` is the whole document. */
  field: string;
  message: string;
}

export type JsonCopyResult = { ok: true; value: unknown } | { ok: false; errors: ConfigFieldError[] };

/** Far deeper than any config document or patch; stops a hostile body from exhausting the stack. */
const MAX_DEPTH = 32;

export function fieldPath(segments: readonly (string | number)[]): string {
  return segments.join('.');
}

/** `/displayRules/0/to` → `displayRules.0.to` */
export function pointerToField(pointer: string): string {
  if (pointer === '') return '';
  return fieldPath(
    pointer
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')),
  );
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A deep copy holding only JSON values, so later steps (ajv defaults, patching) never touch the
 * caller's objects. Properties whose value is `undefined` are dropped, as JSON.stringify would.
 */
export function copyJson(input: unknown, prefix: readonly (string | number)[] = []): JsonCopyResult {
  const errors: ConfigFieldError[] = [];
  const value = copy(input, [...prefix], 0, errors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

function copy(value: unknown, path: (string | number)[], depth: number, errors: ConfigFieldError[]): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) errors.push({ field: fieldPath(path), message: 'must be a finite number' });
    return value;
  }
  if (typeof value !== 'object') {
    errors.push({ field: fieldPath(path), message: 'must be a JSON value' });
    return undefined;
  }
  if (depth >= MAX_DEPTH) {
    errors.push({ field: fieldPath(path), message: `must not be nested more than ${MAX_DEPTH} levels deep` });
    return undefined;
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => copy(item, [...path, index], depth + 1, errors));
  }
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue;
    // defineProperty, not assignment: a JSON key "__proto__" must stay a plain (and rejected) key.
    Object.defineProperty(out, key, {
      value: copy(child, [...path, key], depth + 1, errors),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
