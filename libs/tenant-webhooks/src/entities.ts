import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookDelivery, WebhookDeliveryAttempt } from './webhook-delivery.entity';

/** A business's webhook endpoints and the deliveries of events to them: this library's tables, gathered with the others' by libs/database. */
export const TENANT_WEBHOOKS_ENTITIES = [WebhookEndpoint, WebhookDelivery, WebhookDeliveryAttempt];
