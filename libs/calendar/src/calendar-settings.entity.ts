import { Entity, Enum, Property, Unique, Opt } from '@mikro-orm/core';
import { TenantOwned, TenantOwnedEntity } from '@mais/domain';

export enum CalendarSyncStatus {
  NEVER_SYNCED = 'NEVER_SYNCED',
  OK = 'OK',
  FAILING = 'FAILING',
}

/** A tenant's Google Calendar connection; the service-account JSON is stored encrypted, never returned. */
@Entity({ tableName: 'calendar_settings' })
@TenantOwned()
@Unique({ name: 'calendar_settings_tenant_unique', properties: ['tenant'] })
export class CalendarSettings extends TenantOwnedEntity {
  @Property({ type: 'string', length: 1024 })
  calendarId: string;

  @Property({ type: 'text', hidden: true })
  credentialsCiphertext: string;

  @Enum({ items: () => CalendarSyncStatus, default: CalendarSyncStatus.NEVER_SYNCED })
  status: Opt<CalendarSyncStatus> = CalendarSyncStatus.NEVER_SYNCED;

  @Property({ type: 'timestamptz', nullable: true })
  lastSyncedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;
}
