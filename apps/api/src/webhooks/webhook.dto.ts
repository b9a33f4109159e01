import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { WebhookEvent, WebhookEventStatus } from '@mais/domain';
import { PageQueryDto } from '../common/page-query.dto';

export class WebhookReceiptDto {
  @ApiProperty({ example: true }) received: true;
  @ApiPropertyOptional({ example: true, description: 'Present when this event id was received before (it is not processed again)' })
  duplicate?: true;
}

export class WebhookEventQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: WebhookEventStatus, enumName: 'WebhookEventStatus', example: WebhookEventStatus.FAILED, description: 'Default: every status' })
  @IsOptional()
  @IsIn(Object.values(WebhookEventStatus))
  status?: WebhookEventStatus;
}

export class WebhookEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'evt_1NxYz', description: "The payment provider's event id" }) providerEventId: string;
  @ApiProperty({ example: 'checkout.session.completed' }) type: string;
  @ApiProperty({ enum: WebhookEventStatus, enumName: 'WebhookEventStatus' }) status: WebhookEventStatus;
  @ApiProperty({ description: 'Failed processing attempts so far' }) attempts: number;
  @ApiProperty({ nullable: true, type: String, description: 'The last failure, or why the event was ignored' }) lastError: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Known once the event was routed' }) tenantId: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) processedAt: string | null;

  static from(event: WebhookEvent): WebhookEventDto {
    return {
      id: event.id,
      providerEventId: event.providerEventId,
      type: event.type,
      status: event.status,
      attempts: event.attempts,
      lastError: event.lastError,
      tenantId: event.tenant?.id ?? null,
      receivedAt: event.receivedAt.toISOString(),
      processedAt: event.processedAt?.toISOString() ?? null,
    };
  }
}

export class WebhookEventDetailDto extends WebhookEventDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event as the provider sent it' }) payload: Record<string, unknown>;

  static override from(event: WebhookEvent): WebhookEventDetailDto {
    return { ...WebhookEventDto.from(event), payload: event.payload };
  }
}

export class WebhookEventPageDto {
  @ApiProperty({ type: [WebhookEventDto] }) items: WebhookEventDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
