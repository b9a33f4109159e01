import Ajv, { type ErrorObject } from 'ajv';
import { isCalendarDate } from '@mais/domain';
import {
  COLOR_PATTERN,
  CONFIG_SCHEMA_VERSION,
  type ConfigDocument,
  configDocumentSchema,
  DEFAULT_CONFIG,
  FONT_FAMILY_PATTERN,
  HTTPS_URL_PATTERN,
  ORIGIN_PATTERN,
  SLUG_PATTERN,
  UUID_PATTERN,
} from './config-document.schema';
import { type ConfigFieldError, copyJson, fieldPath, isPlainRecord, pointerToField } from './json-value';

export type { ConfigFieldError } from './json-value';

export type ConfigValidationResult = { ok: true; value: ConfigDocument } | { ok: false; errors: ConfigFieldError[] };

/** Any document that says which schema version it follows; the input and output of a migration. */
export interface VersionedConfig {
  schemaVersion: number;
  [key: string]: unknown;
}

const UUID_REGEXP = new RegExp(UUID_PATTERN);

// One instance, one compiled validator, built when the module loads.
const ajv = new Ajv({
  allErrors: true,
  useDefaults: true,
  verbose: true,
  strict: true,
  formats: {
    date: { type: 'string', validate: isCalendarDate },
    uuid: UUID_REGEXP,
    uri: { type: 'string', validate: isAbsoluteUrl },
  },
});
const validateDocument = ajv.compile(configDocumentSchema);

const FORMAT_MESSAGES: Record<string, string> = {
  date: 'must be a date YYYY-MM-DD that exists',
  uuid: 'must be a lowercase UUID',
  uri: 'must be an https URL',
};

const PATTERN_MESSAGES: Record<string, string> = {
  [COLOR_PATTERN]: 'must be a color #rrggbb',
  [SLUG_PATTERN]: 'must be lowercase letters and digits, separated by single hyphens',
  [FONT_FAMILY_PATTERN]: `may hold only letters, digits, spaces and , . ' " _ -`,
  [HTTPS_URL_PATTERN]: 'must be an https URL',
  [UUID_PATTERN]: 'must be a lowercase UUID',
  [ORIGIN_PATTERN]: 'must be an origin: http(s)://host with an optional :port, no path or trailing slash',
};

/** A fresh copy of the default configuration: what a tenant gets before anything is published. */
export function defaultConfig(): ConfigDocument {
  return structuredClone(DEFAULT_CONFIG) as ConfigDocument;
}

// Migrations[n] turns a version-n document into a version-(n + 1) one. Version 1 is the first.
const MIGRATIONS: Record<number, (doc: VersionedConfig) => VersionedConfig> = {};

/**
 * Brings a document of an older schema version up to CONFIG_SCHEMA_VERSION (identity for version 1).
 * Does not validate the result; validateConfig does, and calls this first.
 */
export function migrateConfig(doc: VersionedConfig): VersionedConfig {
  if (!Number.isInteger(doc.schemaVersion) || doc.schemaVersion < 1 || doc.schemaVersion > CONFIG_SCHEMA_VERSION) {
    throw new RangeError(`Cannot migrate a config of schemaVersion ${String(doc.schemaVersion)}`);
  }
  let current = doc;
  while (current.schemaVersion < CONFIG_SCHEMA_VERSION) {
    const migrate = MIGRATIONS[current.schemaVersion];
    if (!migrate) throw new Error(`No migration from config schemaVersion ${current.schemaVersion}`);
    current = migrate(current);
  }
  return current;
}

/**
 * Validates a config document: migrates older schema versions, fills missing sections and fields with
 * defaults, rejects unknown fields, and checks what the schema cannot (dates, ranges, unique ids).
 * Never mutates `input`; the value returned is a new, complete document.
 */
export function validateConfig(input: unknown): ConfigValidationResult {
  const copied = copyJson(input);
  if (!copied.ok) return copied;
  let doc = copied.value;

  if (isPlainRecord(doc) && Number.isInteger(doc.schemaVersion)) {
    const version = doc.schemaVersion as number;
    if (version > CONFIG_SCHEMA_VERSION) {
      return {
        ok: false,
        errors: [
          {
            field: 'schemaVersion',
            message: `is ${version}, newer than the newest version this server supports (${CONFIG_SCHEMA_VERSION})`,
          },
        ],
      };
    }
    if (version >= 1) doc = migrateConfig(doc as VersionedConfig);
  }

  const errors: ConfigFieldError[] = [];
  if (!validateDocument(doc)) errors.push(...(validateDocument.errors ?? []).map(toFieldError));
  errors.push(...semanticErrors(doc));
  if (errors.length > 0) return { ok: false, errors: unique(errors) };
  return { ok: true, value: doc as ConfigDocument };
}

function semanticErrors(doc: unknown): ConfigFieldError[] {
  if (!isPlainRecord(doc)) return [];
  const errors: ConfigFieldError[] = [];

  if (isPlainRecord(doc.packages)) {
    for (const key of Object.keys(doc.packages)) {
      if (!UUID_REGEXP.test(key)) {
        errors.push({ field: fieldPath(['packages', key]), message: 'must be keyed by a package id (a lowercase UUID)' });
      }
    }
  }

  if (Array.isArray(doc.displayRules)) {
    const firstIndexById = new Map<string, number>();
    doc.displayRules.forEach((rule: unknown, index) => {
      if (!isPlainRecord(rule)) return;
      if (typeof rule.id === 'string') {
        const first = firstIndexById.get(rule.id);
        if (first === undefined) firstIndexById.set(rule.id, index);
        else errors.push({ field: `displayRules.${index}.id`, message: `duplicates the id of displayRules.${first}` });
      }
      if (isCalendarDate(rule.from) && isCalendarDate(rule.to) && rule.from > rule.to) {
        errors.push({ field: `displayRules.${index}.to`, message: `must not be before from (${rule.from})` });
      }
      if (Array.isArray(rule.packageIds) && rule.packageIds.length === 0 && rule.tierGroup === undefined) {
        errors.push({ field: `displayRules.${index}.packageIds`, message: 'must name a package when tierGroup is not set' });
      }
    });
  }
  return errors;
}

function toFieldError(error: ErrorObject): ConfigFieldError {
  const at = pointerToField(error.instancePath);
  const child = (name: string) => (at === '' ? name : `${at}.${name}`);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { field: child(String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const guess = closest(name, known);
      return { field: child(name), message: guess ? `is not a known field (did you mean ${guess}?)` : 'is not a known field' };
    }
    case 'type':
      return { field: at, message: `must be ${describeTypes(String(params.type))}` };
    case 'enum':
      return {
        field: at,
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'format':
      return { field: at, message: FORMAT_MESSAGES[String(params.format)] ?? error.message ?? 'is invalid' };
    case 'pattern':
      return { field: at, message: PATTERN_MESSAGES[String(params.pattern)] ?? error.message ?? 'is invalid' };
    case 'uniqueItems': {
      const [first, second] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      return { field: at, message: `must not repeat an item (items ${first} and ${second} are equal)` };
    }
    default:
      return { field: at, message: error.message ?? 'is invalid' };
  }
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function describeTypes(types: string): string {
  return types
    .split(',')
    .map((t) => TYPE_NAMES[t] ?? t)
    .join(' or ');
}

/** The known name a typo most likely meant: same letters ignoring case, or at most two edits away. */
function closest(name: string, known: string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = candidate.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, candidate);
    if (distance <= 2 && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function unique(errors: ConfigFieldError[]): ConfigFieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.field}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isAbsoluteUrl(value: string): boolean {
  try {
    return new URL(value).host !== '';
  } catch {
    return false;
  }
}
