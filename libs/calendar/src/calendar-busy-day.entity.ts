import { Entity, Property, Unique, Opt } from '@mikro-orm/core';
import { TenantOwned, TenantOwnedEntity } from '@mais/domain';

/** A day the tenant's synced calendar shows as busy. */
@Entity({ tableName: 'calendar_busy_days' })
@TenantOwned()
@Unique({ name: 'calendar_busy_days_tenant_date_unique', properties: ['tenant', 'date'] })
export class CalendarBusyDay extends TenantOwnedEntity {
  @Property({ type: 'date' })
  date: string;

  @Property({ type: 'timestamptz' })
  syncedAt: Opt<Date> = new Date();
}
