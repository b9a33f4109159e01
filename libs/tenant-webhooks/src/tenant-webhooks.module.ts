import { Module } from '@nestjs/common';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookEndpointService } from './webhook-endpoint.service';

/**
 * Tenants' outbound webhooks: the endpoint admin service (API) and the delivery service (worker). Needs what the
 * runtime provides globally: MikroORM, CurrentTenant, Settings, SecretCipher (@mais/tenancy), JobOutbox (@mais/domain).
 */
@Module({ providers: [WebhookEndpointService, WebhookDeliveryService], exports: [WebhookEndpointService, WebhookDeliveryService] })
export class TenantWebhooksModule {}
