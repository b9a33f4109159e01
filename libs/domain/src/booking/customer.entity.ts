import { Entity, Property, Unique } from '@mikro-orm/core';
import { TenantOwned } from '../common/tenant-filter';
import { TenantOwnedEntity } from '../common/tenant-owned.entity';

/** A tenant's customer, one per email per tenant (email stored lower-cased). */
@Entity({ tableName: 'customers' })
@TenantOwned()
@Unique({ name: 'customers_tenant_email_unique', properties: ['tenant', 'email'] })
export class Customer extends TenantOwnedEntity {
  @Property({ type: 'string', length: 254 })
  email: string;

  @Property({ type: 'string', length: 200 })
  name: string;

  @Property({ type: 'string', length: 40, nullable: true })
  phone: string | null = null;
}
