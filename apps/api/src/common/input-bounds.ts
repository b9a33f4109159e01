import type { FastifyInstance } from 'fastify';
import { FieldError, ValidationError } from '@mais/domain';

/**
 * The bounds every request input meets before any code uses it (issue 10): JSON bodies nested at most
 * MAX_JSON_DEPTH levels, and no NUL character in any string or key of the body, the query string or the
 * path parameters. PostgreSQL refuses NUL in text and jsonb, and deep nesting exhausts the recursion of
 * the validators, so without these a client's mistake became a 500 (with its data in the log).
 */
export const MAX_JSON_DEPTH = 32;

/** Enough to name every bad field of any real form, few enough that the answer stays small. */
const MAX_REPORTED = 20;

const NUL = '\u0000';

/**
 * Deepest nesting of a JSON text, counted on its bytes before parsing (so a 10 MB tower of brackets is
 * never built into objects), stopping as soon as it exceeds `limit`.
 */
export function jsonDepthExceeds(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}

/** Every field (dotted path, array items by index) whose string value or key holds a NUL character. */
export function fieldsWithNul(value: unknown, prefix = ''): FieldError[] {
  const found: FieldError[] = [];
  // Iterative, so even an input deeper than any bound cannot overflow the stack here.
  const stack: [unknown, string][] = [[value, prefix]];
  while (stack.length && found.length < MAX_REPORTED) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes(NUL)) found.push({ field: path || 'body', message: 'must not contain a NUL character' });
    } else if (current && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        const childPath = path ? `${path}.${key}` : key;
        if (key.includes(NUL)) found.push({ field: childPath.replaceAll(NUL, '\\u0000'), message: 'must not contain a NUL character' });
        else stack.push([child, childPath]);
      }
    }
  }
  return found.sort((a, b) => a.field.localeCompare(b.field));
}

/** Throws VALIDATION_FAILED when a JSON text is nested deeper than MAX_JSON_DEPTH. */
export function assertJsonDepth(text: string): void {
  if (jsonDepthExceeds(text)) {
    throw new ValidationError(`The request body is nested more than ${MAX_JSON_DEPTH} levels deep`, [
      { field: 'body', message: `must not be nested more than ${MAX_JSON_DEPTH} levels deep` },
    ]);
  }
}

/**
 * Checks the parsed path parameters, query string and body of every route (Nest's and plugins' alike)
 * before validation and handlers run.
 */
export function registerInputBounds(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, _reply, done) => {
    const errors = [...fieldsWithNul(request.params), ...fieldsWithNul(request.query), ...fieldsWithNul(request.body)];
    if (errors.length) return done(new ValidationError('The request contains a NUL character', errors.slice(0, MAX_REPORTED)));
    done();
  });
}
