import { Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WebhookIngestionService } from '@mais/domain';
import { Auth } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';
import { RawBody } from './raw-body.decorator';
import { WebhookReceiptDto } from './webhook.dto';

@ApiTags('webhooks')
@Controller('v1/webhooks')
export class StripeWebhookController {
  constructor(private readonly ingestion: WebhookIngestionService) {}

  @Post('stripe')
  @HttpCode(200)
  @Auth('none')
  @ApiOperation({
    operationId: 'receiveStripeWebhook',
    summary: "Stripe's events (checkout sessions, refunds), verified by signature over the raw body",
    description:
      'Answers as soon as the event is stored; the worker processes it. An event id seen before is acknowledged with ' +
      '`duplicate: true` and never processed again. A missing, wrong or stale (over 300 s) signature is 400 INVALID_SIGNATURE ' +
      'and nothing is stored; a body that is not JSON is 400 MALFORMED_JSON.',
  })
  @ApiHeader({ name: 'Stripe-Signature', required: true, description: 't=…,v1=… as Stripe signs it' })
  @ApiBody({ description: 'The Stripe event', schema: { type: 'object', additionalProperties: true } })
  @ApiOkResponse({ type: WebhookReceiptDto })
  @ApiProblems(400)
  async receive(@RawBody() rawBody: Buffer | undefined, @Headers('stripe-signature') signature: string | undefined): Promise<WebhookReceiptDto> {
    const { duplicate } = await this.ingestion.ingest(rawBody, signature);
    return duplicate ? { received: true, duplicate: true } : { received: true };
  }
}
