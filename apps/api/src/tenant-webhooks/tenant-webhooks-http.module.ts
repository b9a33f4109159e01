import { Module } from '@nestjs/common';
import { TenantWebhooksModule } from '@mais/tenant-webhooks';
import { AdminWebhookEndpointsController } from './admin-webhook-endpoints.controller';

/** The admin routes of the business's outbound webhook endpoints and their delivery log. */
@Module({ imports: [TenantWebhooksModule], controllers: [AdminWebhookEndpointsController] })
export class TenantWebhooksHttpModule {}
