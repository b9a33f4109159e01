import { Entity, Enum, Index, Property, Unique, Opt } from '@mikro-orm/core';
import { TenantOwned, TenantOwnedEntity } from '@mais/domain';

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
 * One version of a tenant's widget configuration; a partial unique index keeps
 * exactly one PUBLISHED version per tenant.
 */
@Entity({ tableName: 'config_versions' })
@TenantOwned()
@Index({
  name: 'config_versions_one_published',
  expression: `create unique index "config_versions_one_published" on "config_versions" ("tenant_id") where "status" = 'PUBLISHED'`,
})
@Unique({ name: 'config_versions_tenant_version_unique', properties: ['tenant', 'version'] })
export class ConfigVersion extends TenantOwnedEntity {
  /** 1, 2, 3… per tenant. */
  @Property({ type: 'integer' })
  version: number;

  @Enum({ items: () => ConfigVersionStatus, default: ConfigVersionStatus.DRAFT })
  status: Opt<ConfigVersionStatus> = ConfigVersionStatus.DRAFT;

  @Property({ type: 'jsonb' })
  config: Record<string, unknown>;

  /** Bumped on every edit of a draft: the optimistic-concurrency token clients send as expectedVersion. */
  @Property({ type: 'integer', default: 1 })
  revision: Opt<number> = 1;

  @Enum({ items: () => ActorType })
  createdByType: ActorType;

  @Property({ type: 'string', length: 255, nullable: true })
  createdById: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null = null;
}
