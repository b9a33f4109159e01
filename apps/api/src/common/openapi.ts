import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem';

export class FieldErrorDto {
  @ApiProperty({ example: 'eventDate' }) field: string;
  @ApiProperty({ example: 'must be a YYYY-MM-DD date' }) message: string;
}

/** RFC 9457 problem details, as every error response is shaped. */
export class ProblemDto {
  @ApiProperty({ example: 'about:blank' }) type: string;
  @ApiProperty({ example: 'Conflict' }) title: string;
  @ApiProperty({ example: 409 }) status: number;
  @ApiProperty({
    example: 'DATE_UNAVAILABLE',
    enum: [
      'VALIDATION_FAILED',
      'MALFORMED_JSON',
      'TENANT_KEY_REQUIRED',
      'INVALID_TENANT_KEY',
      'TENANT_INACTIVE',
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'NOT_FOUND',
      'METHOD_NOT_ALLOWED',
      'REQUEST_TIMEOUT',
      'DATE_UNAVAILABLE',
      'CONFLICT',
      'IDEMPOTENCY_KEY_REUSED',
      'PAYLOAD_TOO_LARGE',
      'URI_TOO_LONG',
      'UNSUPPORTED_MEDIA_TYPE',
      'RATE_LIMITED',
      'HEADERS_TOO_LARGE',
      'INVALID_SIGNATURE',
      'PAYMENT_PROVIDER_ERROR',
      'INTERNAL_ERROR',
    ],
  })
  code: string;
  @ApiProperty({ example: '2027-06-12 is already booked' }) detail: string;
  @ApiProperty({ example: '5b0c1f3e-8a8e-4c4e-9d0a-3f1d2b7c9e11' }) requestId: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Present on validation failures only' }) errors?: FieldErrorDto[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'VALIDATION_FAILED (with errors[]) or MALFORMED_JSON',
  401: 'TENANT_KEY_REQUIRED, INVALID_TENANT_KEY or UNAUTHENTICATED',
  403: 'TENANT_INACTIVE or FORBIDDEN',
  404: "NOT_FOUND (also for another tenant's object)",
  409: 'CONFLICT or DATE_UNAVAILABLE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'IDEMPOTENCY_KEY_REUSED',
  429: 'RATE_LIMITED (see Retry-After)',
  502: 'PAYMENT_PROVIDER_ERROR',
};

const REQUEST_ID = '5b0c1f3e-8a8e-4c4e-9d0a-3f1d2b7c9e11';

/** A typical problem of each status, so each documented error shows its own body. */
const EXAMPLES: Record<number, { title: string; code: string; detail: string; errors?: { field: string; message: string }[] }> = {
  400: {
    title: 'Bad Request',
    code: 'VALIDATION_FAILED',
    detail: 'The request failed validation',
    errors: [{ field: 'eventDate', message: 'eventDate must be a YYYY-MM-DD date' }],
  },
  401: { title: 'Unauthorized', code: 'UNAUTHENTICATED', detail: 'The token is invalid or expired' },
  403: { title: 'Forbidden', code: 'FORBIDDEN', detail: 'Tenant admins act on their own tenant only' },
  404: { title: 'Not Found', code: 'NOT_FOUND', detail: 'Package not found' },
  409: { title: 'Conflict', code: 'DATE_UNAVAILABLE', detail: '2027-06-12 is already booked' },
  413: { title: 'Content Too Large', code: 'PAYLOAD_TOO_LARGE', detail: 'The request body is too large' },
  415: { title: 'Unsupported Media Type', code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Send the body as JSON, with the header Content-Type: application/json' },
  422: { title: 'Unprocessable Entity', code: 'IDEMPOTENCY_KEY_REUSED', detail: 'This Idempotency-Key was used with a different request' },
  429: { title: 'Too Many Requests', code: 'RATE_LIMITED', detail: 'Too many requests; retry after the Retry-After seconds' },
  502: { title: 'Bad Gateway', code: 'PAYMENT_PROVIDER_ERROR', detail: 'The payment provider could not be reached; nothing was charged' },
};

/** The response object of one error status: problem+json with that status's own example. */
export function problemResponse(status: number): { description: string; content: Record<string, { schema: { $ref: string }; example?: object }> } {
  const example = EXAMPLES[status];
  return {
    description: DESCRIPTIONS[status] ?? 'Error',
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: { $ref: '#/components/schemas/ProblemDto' },
        ...(example ? { example: { type: 'about:blank', status, ...example, requestId: REQUEST_ID } } : {}),
      },
    },
  };
}

/** Documents problem+json error responses of a route. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, ...problemResponse(status) })));
}
