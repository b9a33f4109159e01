import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { TENANT_EVENT_TYPES, type TenantEventType } from '@mais/domain';
import { WebhookDeliveryStatus, type WebhookEndpoint } from '@mais/tenant-webhooks';
import type { DeliveryLogEntry, EndpointWithSecret } from '@mais/tenant-webhooks';

export class CreateWebhookEndpointDto {
  @ApiProperty({
    example: 'https://hooks.example.com/mais',
    maxLength: 2048,
    description:
      'Where the events are POSTed. In production an https URL whose host resolves to public addresses only (private, loopback and ' +
      'link-local addresses are refused, at registration and again at every delivery); redirects are not followed.',
  })
  @IsString()
  @MinLength(8)
  @MaxLength(2048)
  url: string;

  @ApiProperty({ enum: TENANT_EVENT_TYPES, isArray: true, example: ['booking.created', 'booking.cancelled'], minItems: 1, maxItems: TENANT_EVENT_TYPES.length })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(TENANT_EVENT_TYPES.length)
  @IsIn(TENANT_EVENT_TYPES, { each: true })
  events: TenantEventType[];

  @ApiPropertyOptional({ default: true, description: 'A disabled endpoint receives nothing (events meanwhile are not queued for it)' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 500, example: 'CRM sync' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(500)
  description?: string | null;
}

export class UpdateWebhookEndpointDto extends PartialType(CreateWebhookEndpointDto) {}

export class WebhookEndpointDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: TENANT_EVENT_TYPES, isArray: true }) events: TenantEventType[];
  @ApiProperty() enabled: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The first failure since the last successful delivery' })
  failingSince: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastSuccessAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) disabledAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why it was disabled: by an admin, or the last error when MAIS gave up on it' })
  disabledReason: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Until then the previous secret also signs (after a rotation)' })
  previousSecretExpiresAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;

  static from(endpoint: WebhookEndpoint): WebhookEndpointDto {
    const iso = (date: Date | null) => date?.toISOString() ?? null;
    return {
      id: endpoint.id,
      url: endpoint.url,
      description: endpoint.description,
      events: endpoint.events,
      enabled: endpoint.enabled,
      failingSince: iso(endpoint.failingSince),
      lastSuccessAt: iso(endpoint.lastSuccessAt),
      disabledAt: iso(endpoint.disabledAt),
      disabledReason: endpoint.disabledReason,
      previousSecretExpiresAt: endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date() ? iso(endpoint.previousSecretExpiresAt) : null,
      createdAt: endpoint.createdAt.toISOString(),
    };
  }
}

export class WebhookEndpointWithSecretDto extends WebhookEndpointDto {
  @ApiProperty({
    example: 'whsec_3q2-7wEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    description: 'The signing secret, shown only in this answer: keep it where the receiver can read it',
  })
  secret: string;

  static withSecret({ endpoint, secret }: EndpointWithSecret): WebhookEndpointWithSecretDto {
    return { ...WebhookEndpointDto.from(endpoint), secret };
  }
}

export class DeliveryAttemptDto {
  @ApiProperty({ type: 'integer', minimum: 1 }) attempt: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: 'integer', nullable: true, description: "The receiver's HTTP status; null when none came" }) statusCode: number | null;
  @ApiProperty({ type: 'integer' }) latencyMs: number;
  @ApiProperty({ nullable: true, type: String, description: 'The start of the response body (at most 1 KB)' }) responseSnippet: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why it failed (refused address, timeout, status, redirect…)' }) error: string | null;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The event id, the same on every delivery of the event: receivers de-duplicate by it' }) eventId: string;
  @ApiProperty({ enum: TENANT_EVENT_TYPES }) eventType: string;
  @ApiProperty({ enum: WebhookDeliveryStatus }) status: WebhookDeliveryStatus;
  @ApiProperty({ description: 'Asked for by an admin (a redelivery)' }) manual: boolean;
  @ApiProperty({ type: 'integer' }) attempts: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) succeededAt: string | null;
  @ApiProperty({ type: [DeliveryAttemptDto] }) attemptLog: DeliveryAttemptDto[];

  static from({ delivery, event, attempts }: DeliveryLogEntry): WebhookDeliveryDto {
    return {
      id: delivery.id,
      eventId: event.id,
      eventType: event.type,
      status: delivery.status,
      manual: delivery.manual,
      attempts: delivery.attempts,
      createdAt: delivery.createdAt.toISOString(),
      succeededAt: delivery.succeededAt?.toISOString() ?? null,
      attemptLog: attempts.map((a) => ({
        attempt: a.attempt,
        at: a.createdAt.toISOString(),
        statusCode: a.statusCode,
        latencyMs: a.latencyMs,
        responseSnippet: a.responseSnippet,
        error: a.error,
      })),
    };
  }
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto], description: 'Newest first' }) items: WebhookDeliveryDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}
