import { Entity, Enum, Property, Unique } from '@mikro-orm/core';
import { TenantOwned } from '../common/tenant-filter';
import { TenantOwnedEntity } from '../common/tenant-owned.entity';

export enum ConfigVersionStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}

export enum ActorType {
  USER = 'USER',
  AGENT = 'AGENT',
  SYSTEM = 'SYSTEM',
}

/**
 * One version of a tenant's widget configuration. The migration adds the partial unique index
 * config_versions_one_published on (tenant_id) WHERE status = 'PUBLISHED'.
 */
@Entity({ tableName: 'config_versions' })
@TenantOwned()
@Unique({ name: 'config_versions_tenant_version_unique', properties: ['tenant', 'version'] })
export class ConfigVersion extends TenantOwnedEntity {
  /** 1, 2, 3… per tenant. */
  @Property({ type: 'integer' })
  version: number;

  @Enum({ items: () => ConfigVersionStatus, default: ConfigVersionStatus.DRAFT })
  status: ConfigVersionStatus = ConfigVersionStatus.DRAFT;

  @Property({ type: 'jsonb' })
  config: Record<string, unknown>;

  /** Bumped on every edit of a draft: the optimistic-concurrency token clients send as expectedVersion. */
  @Property({ type: 'integer', default: 1 })
  revision: number = 1;

  @Enum({ items: () => ActorType })
  createdByType: ActorType;

  @Property({ type: 'string', length: 255, nullable: true })
  createdById: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null = null;
}
