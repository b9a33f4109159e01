import { applyOperation, compare, JsonPatchError, type Operation as LibraryOperation } from 'fast-json-patch';
import { sortKeys } from '@mais/domain';
import type { ConfigDocument } from './config-document.schema';
import { validateConfig } from './config-document';
import { type ConfigFieldError, copyJson, isPlainRecord } from './json-value';

/** One RFC 6902 operation. */
export type JsonPatchOperation =
  | { op: 'add'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'replace'; path: string; value: unknown }
  | { op: 'move'; path: string; from: string }
  | { op: 'copy'; path: string; from: string }
  | { op: 'test'; path: string; value: unknown };

/**
 * Why a patch was refused:
 * - `MALFORMED_PATCH`: not an array of RFC 6902 operations;
 * - `PATCH_CONFLICT`: well-formed, but does not apply to this document (missing path, failed `test`);
 * - `INVALID_RESULT`: applies, but the patched document is not a valid config.
 */
export type ConfigPatchFailureReason = 'MALFORMED_PATCH' | 'PATCH_CONFLICT' | 'INVALID_RESULT';

export type ConfigPatchResult = { ok: true; value: ConfigDocument } | { ok: false; reason: ConfigPatchFailureReason; errors: ConfigFieldError[] };

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);
const NEEDS_VALUE = new Set(['add', 'replace', 'test']);
const NEEDS_FROM = new Set(['move', 'copy']);
// No config field has these names; refusing them up front keeps patches away from prototypes.
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Applies an RFC 6902 patch to a copy of `base` and validates the result. Errors about the patch name
 * `patch.<index>.<member>`; errors about the resulting document name its fields (`branding.primaryColor`).
 * Neither `base` nor `patch` is mutated.
 */
export function applyConfigPatch(base: ConfigDocument, patch: unknown): ConfigPatchResult {
  const copied = copyJson(patch, ['patch']);
  if (!copied.ok) return { ok: false, reason: 'MALFORMED_PATCH', errors: copied.errors };
  const shapeErrors = patchShapeErrors(copied.value);
  if (shapeErrors.length > 0) return { ok: false, reason: 'MALFORMED_PATCH', errors: shapeErrors };
  const operations = copied.value as JsonPatchOperation[];

  let patched: unknown = structuredClone(base);
  try {
    for (const [index, operation] of operations.entries()) {
      // fast-json-patch does not check `from` of a move or copy to the root (path ""): it would make the
      // document undefined and the next step throw a TypeError, a 500 for a client's patch.
      if (NEEDS_FROM.has(operation.op) && !resolves(patched, (operation as { from: string }).from)) {
        const { from } = operation as { from: string };
        return { ok: false, reason: 'PATCH_CONFLICT', errors: [{ field: `patch.${index}.from`, message: `nothing at "${from}" to ${operation.op}` }] };
      }
      // RFC 6902 §4.4: a value cannot be moved into one of its own children (from "" included).
      if (operation.op === 'move' && operation.path !== operation.from && operation.path.startsWith(`${operation.from}/`)) {
        return {
          ok: false,
          reason: 'PATCH_CONFLICT',
          errors: [{ field: `patch.${index}.from`, message: `cannot move "${operation.from}" into its own child "${operation.path}"` }],
        };
      }
      if (operation.op === 'remove' && operation.path === '') {
        return { ok: false, reason: 'PATCH_CONFLICT', errors: [{ field: `patch.${index}.path`, message: 'cannot remove the whole document' }] };
      }
      patched = applyOperation(patched, operation as LibraryOperation, true, true, true, index).newDocument;
      // An operation on the root ("") may replace the document with anything; the next one must not trip over it.
      if (!isPlainRecord(patched)) {
        return { ok: false, reason: 'INVALID_RESULT', errors: [{ field: '', message: `must be an object (after patch.${index})` }] };
      }
    }
  } catch (error) {
    if (error instanceof JsonPatchError) return { ok: false, ...describePatchError(error, operations) };
    throw error;
  }

  const result = validateConfig(patched);
  return result.ok ? result : { ok: false, reason: 'INVALID_RESULT', errors: result.errors };
}

/**
 * The RFC 6902 operations that turn `from` into `to`. Keys are compared in sorted order, so the same
 * two documents always give the same operations, however their keys were ordered (jsonb reorders them).
 */
export function diffConfigs(from: ConfigDocument, to: ConfigDocument): JsonPatchOperation[] {
  return compare(sortKeys(from) as object, sortKeys(to) as object) as JsonPatchOperation[];
}

function patchShapeErrors(patch: unknown): ConfigFieldError[] {
  if (!Array.isArray(patch)) return [{ field: 'patch', message: 'must be an array of JSON Patch (RFC 6902) operations' }];
  const errors: ConfigFieldError[] = [];
  patch.forEach((operation: unknown, index) => {
    const at = `patch.${index}`;
    if (!isPlainRecord(operation)) {
      errors.push({ field: at, message: 'must be an object { op, path, ... }' });
      return;
    }
    const { op } = operation;
    if (typeof op !== 'string' || !OPS.has(op)) {
      errors.push({ field: `${at}.op`, message: 'must be one of "add", "remove", "replace", "move", "copy", "test"' });
    }
    for (const member of ['path', ...(typeof op === 'string' && NEEDS_FROM.has(op) ? ['from'] : [])]) {
      const pointer = operation[member];
      if (typeof pointer !== 'string' || (pointer !== '' && !pointer.startsWith('/'))) {
        errors.push({ field: `${at}.${member}`, message: 'must be a JSON pointer: "" or a string starting with "/"' });
      } else if (pointer.split('/').some((segment) => FORBIDDEN_SEGMENTS.has(segment))) {
        errors.push({ field: `${at}.${member}`, message: 'must not address __proto__, constructor or prototype' });
      }
    }
    if (typeof op === 'string' && NEEDS_VALUE.has(op) && !('value' in operation)) {
      errors.push({ field: `${at}.value`, message: `is required for "${op}"` });
    }
  });
  return errors;
}

function describePatchError(error: JsonPatchError, operations: JsonPatchOperation[]): { reason: ConfigPatchFailureReason; errors: ConfigFieldError[] } {
  const index = error.index ?? 0;
  // Every operation passed patchShapeErrors: an object with an op and a path.
  const { op, path } = operations[index];
  const at = `patch.${index}`;
  // A `from` that resolves to nothing never reaches the library: applyConfigPatch refuses it first.
  switch (error.name) {
    case 'TEST_OPERATION_FAILED':
      return { reason: 'PATCH_CONFLICT', errors: [{ field: `${at}.value`, message: `test failed: the value at "${path}" differs` }] };
    case 'OPERATION_PATH_UNRESOLVABLE':
      return { reason: 'PATCH_CONFLICT', errors: [{ field: `${at}.path`, message: `nothing at "${path}" to ${op}` }] };
    case 'OPERATION_PATH_CANNOT_ADD':
      return { reason: 'PATCH_CONFLICT', errors: [{ field: `${at}.path`, message: `the parent of "${path}" does not exist` }] };
    case 'OPERATION_PATH_ILLEGAL_ARRAY_INDEX':
    case 'OPERATION_VALUE_OUT_OF_BOUNDS':
      return { reason: 'PATCH_CONFLICT', errors: [{ field: `${at}.path`, message: `"${path}" is not a valid index of that array` }] };
    default:
      // The library's own message embeds the whole document; keep it out of client-facing errors.
      return { reason: 'MALFORMED_PATCH', errors: [{ field: at, message: `is not a valid operation (${error.name})` }] };
  }
}

/** Whether a JSON pointer (RFC 6901) names a value in `document`. */
function resolves(document: unknown, pointer: string): boolean {
  if (pointer === '') return document !== undefined;
  let current = document;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, key)) return false;
    current = (current as Record<string, unknown>)[key];
  }
  return true;
}
