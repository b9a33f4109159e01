import { Entity, Property, Unique } from '@mikro-orm/core';
import { TenantOwned } from '../common/tenant-filter';
import { TenantOwnedEntity } from '../common/tenant-owned.entity';

@Entity({ tableName: 'blackout_dates' })
@TenantOwned()
@Unique({ name: 'blackout_dates_tenant_date_unique', properties: ['tenant', 'date'] })
export class BlackoutDate extends TenantOwnedEntity {
  @Property({ type: 'date' })
  date: string;

  @Property({ type: 'string', length: 500, nullable: true })
  reason: string | null = null;
}
