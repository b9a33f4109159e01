import { STATUS_CODES } from 'node:http';
import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError, ErrorCode, FieldError, TenantScopeMissingError } from '@mais/domain';

/** RFC 9457 problem details with the contract's stable `code` (docs/api.md, "Errors"). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  requestId: string;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The HTTP status of each error code (docs/api.md, "Errors", lists them: problem.spec.ts keeps the two equal). */
export const STATUS_OF: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  INVALID_SIGNATURE: 400,
  TENANT_KEY_REQUIRED: 401,
  INVALID_TENANT_KEY: 401,
  UNAUTHENTICATED: 401,
  TENANT_INACTIVE: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TIMEOUT: 408,
  DATE_UNAVAILABLE: 409,
  PAYMENTS_NOT_READY: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL_ERROR: 500,
  PAYMENT_PROVIDER_ERROR: 502,
};

const CODE_OF_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'IDEMPOTENCY_KEY_REUSED',
  429: 'RATE_LIMITED',
};

/** Fastify's own errors, raised before a route handler runs (body parsing, limits). */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_BAD_URL: 'VALIDATION_FAILED',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
};

const logger = new Logger('Errors');

export const SEND_JSON_BODY = 'Send the body as JSON, with the header Content-Type: application/json';

export interface ProblemResult {
  problem: Problem;
  headers: Record<string, string>;
}

/** Turns anything thrown into a problem a client may see: nothing internal ever leaks into it. */
export function toProblem(error: unknown, requestId: string): ProblemResult {
  const headers: Record<string, string> = {};
  let code: ErrorCode;
  let detail: string;
  let errors: FieldError[] | undefined;

  if (error instanceof DomainError) {
    code = error.code;
    detail = error.message;
    errors = error.details.errors;
    if (error.details.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.details.retryAfterSeconds);
  } else if (error instanceof HttpException) {
    const status = error.getStatus();
    code = CODE_OF_STATUS[status] ?? 'INTERNAL_ERROR';
    detail = status === 404 ? 'No such route' : status === 415 ? SEND_JSON_BODY : status < 500 ? error.message : 'Internal server error';
  } else if (isFastifyError(error) && (FASTIFY_CODES[error.code] || error.statusCode === 400)) {
    code = FASTIFY_CODES[error.code] ?? (error instanceof SyntaxError ? 'MALFORMED_JSON' : 'VALIDATION_FAILED');
    detail =
      code === 'MALFORMED_JSON'
        ? 'The request body is not valid JSON'
        : code === 'PAYLOAD_TOO_LARGE'
          ? 'The request body is too large'
          : code === 'UNSUPPORTED_MEDIA_TYPE'
            ? SEND_JSON_BODY
            : code === 'URI_TOO_LONG'
              ? 'A path segment of the URL is too long'
              : error.code === 'FST_ERR_BAD_URL'
                ? 'The URL is not validly percent-encoded'
                : 'The request is malformed';
  } else {
    code = 'INTERNAL_ERROR';
    detail = 'Internal server error';
  }

  const status = STATUS_OF[code];
  if (status >= 500) {
    if (error instanceof TenantScopeMissingError) {
      logger.error(`Tenant-owned data used with no tenant in scope (request ${requestId}): this is a bug`, (error as Error).stack);
    } else if (isDatabaseError(error)) {
      logger.error(`Unhandled database error in request ${requestId}: ${describeDatabaseError(error)}`, stackFrames(error));
    } else {
      logger.error(`Unhandled error in request ${requestId}: ${(error as Error)?.message}`, (error as Error)?.stack);
    }
    detail = code === 'PAYMENT_PROVIDER_ERROR' ? 'The payment provider could not be reached; nothing was charged' : detail;
  }

  const problem: Problem = { type: 'about:blank', title: titleOf(status), status, code, detail, requestId };
  if (errors?.length) problem.errors = errors;
  return { problem, headers };
}

interface DatabaseErrorFields {
  code: string;
  table?: string;
  column?: string;
  constraint?: string;
}

/** A PostgreSQL error (node-pg's, or MikroORM's DriverException around it): it has a five-character SQLSTATE. */
function isDatabaseError(error: unknown): error is Error & DatabaseErrorFields {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && /^[0-9A-Z]{5}$/.test((error as unknown as { code: string }).code);
}

/**
 * What may be logged of a database error: its class, SQLSTATE and the schema names involved. Never its
 * message or detail: they carry the SQL with the request's values inlined (a customer's name, email,
 * notes) and key values ("Key (email)=(…) already exists").
 */
export function describeDatabaseError(error: Error & DatabaseErrorFields): string {
  const where = (['table', 'column', 'constraint'] as const).filter((key) => typeof error[key] === 'string' && error[key]).map((key) => `${key} ${error[key]}`);
  return [`${error.constructor.name} SQLSTATE ${error.code}`, ...where].join(', ');
}

/** The stack without its first line, which repeats the message. */
function stackFrames(error: Error): string | undefined {
  return error.stack
    ?.split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
}

function isFastifyError(error: unknown): error is Error & { code: string; statusCode?: number } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && (error as unknown as { code: string }).code.startsWith('FST_');
}

function titleOf(status: number): string {
  const name = HttpStatus[status];
  if (!name) return STATUS_CODES[status] ?? 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ')
    .replace('Payload Too Large', 'Content Too Large');
}
