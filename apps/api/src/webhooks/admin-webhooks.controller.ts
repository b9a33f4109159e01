import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WebhookAdminService } from '@mais/domain';
import { Auth } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';
import { UuidPipe } from '../common/uuid.pipe';
import { WebhookEventDetailDto, WebhookEventDto, WebhookEventPageDto, WebhookEventQueryDto } from './webhook.dto';

@ApiTags('admin: webhooks (platform)')
@Controller('v1/admin/webhooks')
@Auth('platform-admin')
export class AdminWebhooksController {
  constructor(private readonly webhooks: WebhookAdminService) {}

  @Get()
  @ApiOperation({
    operationId: 'listWebhookEvents',
    summary: 'Stored payment-provider events, newest first; `status=FAILED` is the dead-letter view',
  })
  @ApiOkResponse({ type: WebhookEventPageDto })
  @ApiProblems(400)
  async list(@Query() query: WebhookEventQueryDto): Promise<WebhookEventPageDto> {
    const page = await this.webhooks.list(query);
    return { items: page.items.map(WebhookEventDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getWebhookEvent', summary: 'One stored event, with its payload' })
  @ApiOkResponse({ type: WebhookEventDetailDto })
  @ApiProblems(400, 404)
  async get(@Param('id', UuidPipe) id: string): Promise<WebhookEventDetailDto> {
    return WebhookEventDetailDto.from(await this.webhooks.get(id));
  }

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'replayWebhookEvent',
    summary: 'Process a FAILED event again (it becomes PENDING and is queued)',
    description: 'An event that is not FAILED is 409.',
  })
  @ApiAcceptedResponse({ type: WebhookEventDto })
  @ApiProblems(400, 404, 409)
  async replay(@Param('id', UuidPipe) id: string): Promise<WebhookEventDto> {
    return WebhookEventDto.from(await this.webhooks.replay(id));
  }
}
