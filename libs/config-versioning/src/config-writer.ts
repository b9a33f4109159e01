import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { CurrentTenant, JobOutbox, TenantEvents, TenantReadsChanged, type OutboxEntry } from '@mais/domain';
import { ConfigVersion } from './entities/config-version.entity';
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
    private readonly events: TenantEvents,
    private readonly outbox: JobOutbox,
  ) {}

  /** The events each running `write` recorded, by its transaction's EntityManager: relayed once it commits. */
  private readonly announced = new WeakMap<EntityManager, OutboxEntry[]>();

  /** Runs `fn` in a locked transaction; the unit of work (audit rows included) is flushed on return. */
  async write<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    const tenantId = this.currentTenant.tenantId;
    const followUps: OutboxEntry[] = [];
    const result = await this.em.transactional(
      async (em) => {
        this.announced.set(em, followUps);
        await lockTenantConfig(em, tenantId);
        return fn(em);
      },
      { clear: true },
    );
    await this.outbox.relay(followUps);
    return result;
  }

  /** Inside `write`: `draft` becomes the published version, the previous one archived, and a PUBLISH row recorded. */
  async publish(em: EntityManager, draft: ConfigVersion, actor: Actor): Promise<void> {
    const previous = await findPublished(em);
    const before = previous ? snapshotOf(previous) : null;
    await publishVersion(em, draft, previous);
    recordChange(em, this.currentTenant.tenantRef(), { action: 'PUBLISH', actor, versionId: draft.id, before, after: snapshotOf(draft) });
    await this.announcePublished(em, draft, actor);
  }

  /** Inside `write`, once `version` is the published one: the `config.published` event for the tenant's endpoints. */
  async announcePublished(em: EntityManager, version: ConfigVersion, actor: Actor): Promise<void> {
    const entries = await this.events.record(em, 'config.published', {
      version: { id: version.id, version: version.version, publishedAt: (version.publishedAt ?? new Date()).toISOString(), publishedBy: actor },
    });
    this.announced.get(em)?.push(...entries);
  }

  /** After a commit that changed the published config: the tenant's cached public reads (catalog, config) are dropped. */
  publishedConfigChanged(): Promise<void> {
    return this.readsChanged.notify();
  }
}
