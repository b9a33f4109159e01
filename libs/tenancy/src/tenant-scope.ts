import { Injectable } from '@nestjs/common';
import { EntityManager, RequestContext } from '@mikro-orm/postgresql';
import { CurrentTenant, TENANT_FILTER, Tenant, TenantFilterArgs, TenantScopeMissingError } from '@mais/domain';
import { LazyForks } from './lazy-forks';

/**
 * The tenant the current unit of work (HTTP request or job) acts for. It lives in the forked
 * EntityManager's `tenant` filter parameters, so the filter that scopes every query and the id
 * services read are one and the same thing (in an HTTP request not yet forked, in the request's
 * context, which hands it to the fork when it is made: see RequestTenancy).
 */
@Injectable()
export class TenantScope extends CurrentTenant {
  constructor(private readonly em: EntityManager) {
    super();
  }

  /** Binds the current context to a tenant (in a request, the API's guard calls this once, after authentication). */
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
