import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

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
      'VALIDATION_FAILED', 'MALFORMED_JSON', 'TENANT_KEY_REQUIRED', 'INVALID_TENANT_KEY', 'TENANT_INACTIVE', 'UNAUTHENTICATED',
      'FORBIDDEN', 'NOT_FOUND', 'DATE_UNAVAILABLE', 'CONFLICT', 'IDEMPOTENCY_KEY_REUSED', 'PAYLOAD_TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE', 'RATE_LIMITED', 'INVALID_SIGNATURE', 'PAYMENT_PROVIDER_ERROR', 'INTERNAL_ERROR',
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
  404: 'NOT_FOUND (also for another tenant\'s object)',
  409: 'CONFLICT or DATE_UNAVAILABLE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'IDEMPOTENCY_KEY_REUSED',
  429: 'RATE_LIMITED (see Retry-After)',
  502: 'PAYMENT_PROVIDER_ERROR',
};

/** Documents problem+json error responses of a route. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } } }),
    ),
  );
}
