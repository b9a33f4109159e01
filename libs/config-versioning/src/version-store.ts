import type { EntityManager } from '@mikro-orm/postgresql';
import { Tenant } from '@mais/domain';
import { ConfigVersion, ConfigVersionStatus } from './entities/config-version.entity';
import { type ConfigDocument, validateConfig } from './document';
import type { Actor } from './actor';
import { VERSION_STORE_SQL } from './version-store.queries';

/**
 * Serialises every configuration write of one tenant (version numbers, publishing, reviews) for the
 * rest of the transaction. An advisory lock rather than a row lock: it blocks nothing else that
 * touches the tenant row (bookings take a key-share lock on it through their foreign key).
 */
export async function lockTenantConfig(em: EntityManager, tenantId: string): Promise<void> {
  await em.execute(VERSION_STORE_SQL.lockTenantConfig, [`mais:config:${tenantId}`]);
}

/** The tenant's published version, or null (the tenant filter scopes the query). */
export function findPublished(em: EntityManager): Promise<ConfigVersion | null> {
  return em.findOne(ConfigVersion, { status: ConfigVersionStatus.PUBLISHED });
}

/**
 * A stored document, migrated to the current schema version. Every write validated it, so a failure
 * here is a bug (or a schema change without a migration), never the caller's fault.
 */
export function readStoredConfig(stored: unknown): ConfigDocument {
  const result = validateConfig(stored);
  if (!result.ok) {
    throw new Error(`A stored config document no longer validates: ${result.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
  }
  return result.value;
}

export function toStored(config: ConfigDocument): Record<string, unknown> {
  return structuredClone(config) as unknown as Record<string, unknown>;
}

/** A new draft with the next version number; call only while holding lockTenantConfig. */
export async function createVersion(em: EntityManager, tenant: Tenant, config: ConfigDocument, actor: Actor): Promise<ConfigVersion> {
  // A plain aggregate (not a partial entity load, which would leave a half-loaded version in the identity map).
  const [row] = await em.execute<{ next: number }[]>(VERSION_STORE_SQL.createVersion, [tenant.id]);
  const version = em.create(ConfigVersion, {
    tenant,
    version: Number(row.next),
    status: ConfigVersionStatus.DRAFT,
    config: toStored(config),
    createdByType: actor.type,
    createdById: actor.id,
  });
  em.persist(version);
  return version;
}

/**
 * Makes `draft` the published version and archives `previous`, in two flushes: the partial unique
 * index (one PUBLISHED per tenant) is checked row by row, so the old one must be archived first.
 */
export async function publishVersion(em: EntityManager, draft: ConfigVersion, previous: ConfigVersion | null): Promise<void> {
  if (previous) previous.status = ConfigVersionStatus.ARCHIVED;
  await em.flush();
  draft.status = ConfigVersionStatus.PUBLISHED;
  draft.publishedAt = new Date();
  await em.flush();
}
