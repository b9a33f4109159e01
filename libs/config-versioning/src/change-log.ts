import type { EntityManager } from '@mikro-orm/postgresql';
import { Tenant } from '@mais/domain';
import { ConfigChangeLog } from './entities/config-change-log.entity';
import { ConfigVersion, ConfigVersionStatus } from './entities/config-version.entity';
import type { Actor } from './actor';
import { monotonicUuidV7 } from './uuid-v7';

/** What a row of the audit trail records. */
export const CONFIG_CHANGE_ACTIONS = ['CREATE_DRAFT', 'UPDATE_DRAFT', 'PUBLISH', 'ROLLBACK', 'PROPOSE', 'APPROVE', 'REJECT'] as const;
export type ConfigChangeAction = (typeof CONFIG_CHANGE_ACTIONS)[number];

/** A version as the audit trail keeps it in `before` / `after`. */
export interface VersionSnapshot {
  versionId: string;
  version: number;
  status: ConfigVersionStatus;
  revision: number;
  config: unknown;
}

export function snapshotOf(version: ConfigVersion): VersionSnapshot {
  return {
    versionId: version.id,
    version: version.version,
    status: version.status,
    revision: version.revision,
    config: structuredClone(version.config),
  };
}

export interface ChangeEntry {
  action: ConfigChangeAction;
  actor: Actor;
  versionId?: string | null;
  proposalId?: string | null;
  before: unknown;
  after: unknown;
}

/**
 * Adds a row to the audit trail in the caller's unit of work, so it is written in the same transaction
 * as the change it records. Ids are time-ordered, so rows written together keep their order.
 */
export function recordChange(em: EntityManager, tenant: Tenant, entry: ChangeEntry): ConfigChangeLog {
  return em.create(ConfigChangeLog, {
    id: monotonicUuidV7(),
    tenant,
    action: entry.action,
    versionId: entry.versionId ?? null,
    proposalId: entry.proposalId ?? null,
    actorType: entry.actor.type,
    actorId: entry.actor.id,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}
