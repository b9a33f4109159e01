import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { ConfigVersion, CurrentTenant, TenantReadsChanged } from '@mais/domain';
import type { Actor } from './actor';
import { recordChange, snapshotOf } from './change-log';
import { findPublished, lockTenantConfig, publishVersion } from './version-store';

/**
 * How the library's services change configuration (internal, not exported): one transaction per write,
 * holding the tenant's config lock, in a fresh identity map so everything is read after the lock.
 */
@Injectable()
export class ConfigWriter {
  constructor(
    private readonly em: EntityManager,
    private readonly currentTenant: CurrentTenant,
    private readonly readsChanged: TenantReadsChanged,
  ) {}

  /** Runs `fn` in a locked transaction; the unit of work (audit rows included) is flushed on return. */
  write<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    const tenantId = this.currentTenant.tenantId;
    return this.em.transactional(
      async (em) => {
        await lockTenantConfig(em, tenantId);
        return fn(em);
      },
      { clear: true },
    );
  }

  /** Inside `write`: `draft` becomes the published version, the previous one archived, and a PUBLISH row recorded. */
  async publish(em: EntityManager, draft: ConfigVersion, actor: Actor): Promise<void> {
    const previous = await findPublished(em);
    const before = previous ? snapshotOf(previous) : null;
    await publishVersion(em, draft, previous);
    recordChange(em, this.currentTenant.tenantRef(), { action: 'PUBLISH', actor, versionId: draft.id, before, after: snapshotOf(draft) });
  }

  /** After a commit that changed the published config: the tenant's cached public reads (catalog, config) are dropped. */
  publishedConfigChanged(): Promise<void> {
    return this.readsChanged.notify();
  }
}
