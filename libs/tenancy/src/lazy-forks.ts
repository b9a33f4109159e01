import type { AsyncLocalStorage } from 'node:async_hooks';
import { EntityManager, RequestContext } from '@mikro-orm/postgresql';
import { TENANT_FILTER, TenantFilterArgs } from '@mais/domain';

/**
 * The EntityManager forks of one HTTP request, made when something first asks for one: a request answered
 * from the cache never forks (a fork is about a tenth of a cached hit's CPU). A tenant bound before the fork
 * is kept here and handed to it.
 */
export class LazyForks extends Map<string, EntityManager> {
  tenantId?: string;
  private forking = false;

  constructor(private readonly root: EntityManager) {
    super();
  }

  get forked(): boolean {
    return super.has(this.root.name);
  }

  override get(name: string): EntityManager | undefined {
    const existing = super.get(name);
    // While forking, the new EntityManager resolves its own context: undefined makes it use itself.
    if (existing || name !== this.root.name || this.forking) return existing;
    this.forking = true;
    try {
      // From the root, not the current context: this map is what the current context resolves to.
      const fork = this.root.fork({ useContext: true, disableContextResolution: true }) as EntityManager;
      super.set(name, fork);
      if (this.tenantId) fork.setFilterParams(TENANT_FILTER, { tenantId: this.tenantId } satisfies TenantFilterArgs);
      return fork;
    } finally {
      this.forking = false;
    }
  }
}

/** MikroORM's context storage: public API only offers contexts that fork at once (pinned by request-tenancy.spec). */
export const requestContexts = (RequestContext as unknown as { storage: AsyncLocalStorage<RequestContext> }).storage;
