import type { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { EntityManager, RequestContext } from '@mikro-orm/postgresql';
import { CurrentTenant, TENANT_FILTER, Tenant, TenantFilterArgs, TenantScopeMissingError } from '@mais/domain';

/**
 * The EntityManager forks of one HTTP request, made when something first asks for one: a request answered
 * from the cache never forks (a fork is about a tenth of a cached hit's CPU). A tenant bound before the fork
 * is kept here and handed to it.
 */
class LazyForks extends Map<string, EntityManager> {
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

/** MikroORM's context storage: public API only offers contexts that fork at once (pinned by tenant-scope.spec). */
const requestContexts = (RequestContext as unknown as { storage: AsyncLocalStorage<RequestContext> }).storage;

/**
 * The tenant the current unit of work (HTTP request or job) acts for. It lives in the forked
 * EntityManager's `tenant` filter parameters, so the filter that scopes every query and the id
 * services read are one and the same thing (in an HTTP request not yet forked, in the request's
 * context, which hands it to the fork when it is made).
 */
@Injectable()
export class TenantScope extends CurrentTenant {
  constructor(private readonly em: EntityManager) {
    super();
  }

  /** Binds the current context to a tenant (the request guard calls this once). */
  enter(tenantId: string): void {
    const unforked = this.unforkedRequest();
    if (unforked) unforked.tenantId = tenantId;
    else this.em.setFilterParams(TENANT_FILTER, { tenantId } satisfies TenantFilterArgs);
  }

  get tenantId(): string {
    const tenantId = this.boundTenantId();
    if (!tenantId) throw new TenantScopeMissingError();
    return tenantId;
  }

  get hasTenant(): boolean {
    return !!this.boundTenantId();
  }

  /**
   * Runs an HTTP request's work (`done`, Fastify's next step) as one unit of work whose EntityManager is
   * forked on first use; no tenant is bound until the guard calls `enter`.
   */
  runRequest<T>(done: () => T): T {
    return requestContexts.run(new RequestContext(new LazyForks(this.em)), done);
  }

  /** The current tenant; loaded once per unit of work (the identity map keeps it). */
  async tenant(): Promise<Tenant> {
    return this.em.findOneOrFail(Tenant, this.tenantId);
  }

  /** A reference to the current tenant, for setting the owner of new rows without a query. */
  tenantRef(): Tenant {
    return this.em.getReference(Tenant, this.tenantId);
  }

  /** Runs platform-level work (tenants, users, webhook routing) in a fresh context with no tenant bound. */
  runUnscoped<T>(fn: () => Promise<T>): Promise<T> {
    return RequestContext.create(this.em, async () => {
      // A fork copies the parent's filter parameters: clear them, or work started inside a tenant's
      // request would silently stay scoped to that tenant.
      this.em.setFilterParams(TENANT_FILTER, undefined as unknown as TenantFilterArgs);
      return fn();
    });
  }

  private boundTenantId(): string | undefined {
    const unforked = this.unforkedRequest();
    return unforked ? unforked.tenantId : this.em.getFilterParams<TenantFilterArgs>(TENANT_FILTER)?.tenantId;
  }

  private unforkedRequest(): LazyForks | undefined {
    const forks = RequestContext.currentRequestContext()?.map;
    return forks instanceof LazyForks && !forks.forked ? forks : undefined;
  }

  /** Runs `fn` in a fresh EntityManager context bound to `tenantId` (jobs, CLI, tests). */
  run<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
    return RequestContext.create(this.em, async () => {
      this.enter(tenantId);
      return fn();
    });
  }
}
