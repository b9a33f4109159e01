import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WebhookEndpointService } from '@mais/tenant-webhooks';
import { Auth } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';
import { PageQueryDto } from '../common/page-query.dto';
import { UuidPipe } from '../common/uuid.pipe';
import {
  CreateWebhookEndpointDto,
  UpdateWebhookEndpointDto,
  WebhookDeliveryDto,
  WebhookDeliveryPageDto,
  WebhookEndpointDto,
  WebhookEndpointWithSecretDto,
} from './webhook-endpoint.dto';

@ApiTags('admin: webhooks')
@Controller('v1/admin/webhook-endpoints')
@Auth('tenant-admin')
export class AdminWebhookEndpointsController {
  constructor(private readonly endpoints: WebhookEndpointService) {}

  @Get()
  @ApiOperation({ operationId: 'listWebhookEndpoints', summary: "The business's webhook endpoints, oldest first" })
  @ApiOkResponse({ type: [WebhookEndpointDto] })
  async list(): Promise<WebhookEndpointDto[]> {
    return (await this.endpoints.list()).map(WebhookEndpointDto.from);
  }

  @Post()
  @ApiOperation({
    operationId: 'createWebhookEndpoint',
    summary: 'Register an endpoint for some events; the answer shows its signing secret, once',
    description:
      'Each delivery is a POST of `{ id, type, createdAt, data }` with the headers `MAIS-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, ' +
      '`MAIS-Event-Id`, `MAIS-Event-Type`, `MAIS-Delivery-Id` and `MAIS-Delivery-Attempt`. A 2xx answer within 10 s is a success; anything ' +
      'else is retried 11 times over about 34 hours (1 min, 2 min, 4 min … 17 h). At most 16 endpoints per business (409).',
  })
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretDto })
  @ApiProblems(400, 409)
  async create(@Body() body: CreateWebhookEndpointDto): Promise<WebhookEndpointWithSecretDto> {
    return WebhookEndpointWithSecretDto.withSecret(await this.endpoints.create(body));
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getWebhookEndpoint', summary: 'One endpoint, with its health (failing since, disabled and why)' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiProblems(400, 404)
  async get(@Param('id', UuidPipe) id: string): Promise<WebhookEndpointDto> {
    return WebhookEndpointDto.from(await this.endpoints.get(id));
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateWebhookEndpoint',
    summary: 'Change the URL, events or description, or disable / enable it',
    description: 'Enabling a disabled endpoint clears its failure state; what it missed can be redelivered from its delivery log.',
  })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiProblems(400, 404)
  async update(@Param('id', UuidPipe) id: string, @Body() body: UpdateWebhookEndpointDto): Promise<WebhookEndpointDto> {
    return WebhookEndpointDto.from(await this.endpoints.update(id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteWebhookEndpoint', summary: 'Remove an endpoint and its delivery log' })
  @ApiNoContentResponse()
  @ApiProblems(400, 404)
  async remove(@Param('id', UuidPipe) id: string): Promise<void> {
    await this.endpoints.remove(id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rotateWebhookEndpointSecret',
    summary: 'A new signing secret, shown once; the previous one also signs for 24 hours',
    description: 'During those 24 hours each delivery carries two `v1=` signatures, one per secret, so the receiver can switch at any time.',
  })
  @ApiOkResponse({ type: WebhookEndpointWithSecretDto })
  @ApiProblems(400, 404)
  async rotate(@Param('id', UuidPipe) id: string): Promise<WebhookEndpointWithSecretDto> {
    return WebhookEndpointWithSecretDto.withSecret(await this.endpoints.rotateSecret(id));
  }

  @Get(':id/deliveries')
  @ApiOperation({ operationId: 'listWebhookDeliveries', summary: "The endpoint's delivery log, newest first: each delivery with its attempts" })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiProblems(400, 404)
  async deliveries(@Param('id', UuidPipe) id: string, @Query() query: PageQueryDto): Promise<WebhookDeliveryPageDto> {
    const page = await this.endpoints.deliveries(id, query);
    return { items: page.items.map(WebhookDeliveryDto.from), nextCursor: page.nextCursor };
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'redeliverWebhook',
    summary: "Send a delivery's event again, as a new delivery (same event id)",
    description: 'Queued at once, retried like any delivery. A disabled endpoint is 409: enable it first.',
  })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiProblems(400, 404, 409)
  async redeliver(@Param('id', UuidPipe) id: string, @Param('deliveryId', UuidPipe) deliveryId: string): Promise<WebhookDeliveryDto> {
    return WebhookDeliveryDto.from(await this.endpoints.redeliver(id, deliveryId));
  }
}
