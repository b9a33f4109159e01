import { Entity, Enum, Index, Property } from '@mikro-orm/core';
import { TenantOwned, TenantOwnedEntity } from '@mais/domain';
import { ActorType } from './config-version.entity';

/**
 * Append-only audit trail of configuration changes: a database trigger rejects UPDATE and DELETE.
 */
@Entity({ tableName: 'config_change_logs' })
@TenantOwned()
@Index({ name: 'config_change_logs_tenant_created_idx', properties: ['tenant', 'createdAt'] })
export class ConfigChangeLog extends TenantOwnedEntity {
  /** CREATE_DRAFT, UPDATE_DRAFT, PUBLISH, ROLLBACK, PROPOSE, APPROVE, REJECT. */
  @Property({ type: 'string', length: 40 })
  action: string;

  @Property({ type: 'uuid', nullable: true })
  versionId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  proposalId: string | null = null;

  @Enum({ items: () => ActorType })
  actorType: ActorType;

  @Property({ type: 'string', length: 255, nullable: true })
  actorId: string | null = null;

  @Property({ type: 'jsonb', nullable: true })
  before: unknown = null;

  @Property({ type: 'jsonb', nullable: true })
  after: unknown = null;
}
