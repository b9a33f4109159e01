import { ManyToOne } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import { Tenant } from '../tenant/tenant.entity';

/**
 * Base of every tenant-owned table. Concrete entities also carry @TenantOwned(), so the
 * tenant filter is visible where the entity is declared.
 */
export abstract class TenantOwnedEntity extends BaseEntity {
  @ManyToOne({ entity: () => Tenant, deleteRule: 'cascade', updateRule: 'cascade' })
  tenant: Tenant;
}
