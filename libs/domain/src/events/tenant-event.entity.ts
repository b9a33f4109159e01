import { Entity, Index, Property } from '@mikro-orm/core';
import { TenantOwned } from '../common/tenant-filter';
import { TenantOwnedEntity } from '../common/tenant-owned.entity';

/**
 * Something that happened to a tenant's business (a booking made, a config published), recorded in the
 * transaction of the change itself. The tenant's webhook endpoints receive it (@mais/tenant-webhooks); its id
 * is the event id receivers de-duplicate by, the same on every delivery and redelivery.
 */
@Entity({ tableName: 'tenant_events' })
@TenantOwned()
// The retention sweep deletes by age, across tenants.
@Index({ name: 'tenant_events_created_idx', properties: ['createdAt'] })
export class TenantEvent extends TenantOwnedEntity {
  @Property({ type: 'string', length: 64 })
  type: string;

  @Property({ type: 'jsonb' })
  data: Record<string, unknown>;
}
