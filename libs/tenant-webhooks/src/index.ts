export * from './url-guard';
export * from './signature';
export * from './http-delivery';
export * from './webhook-endpoint.service';
export * from './webhook-delivery.service';
export * from './tenant-webhooks.module';
export * from './webhook-endpoint.entity';
export * from './webhook-delivery.entity';
export { TENANT_WEBHOOKS_ENTITIES } from './entities';
