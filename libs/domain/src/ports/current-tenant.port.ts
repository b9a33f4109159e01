import type { Tenant } from '../tenant/tenant.entity';

/**
 * The tenant the current unit of work (request or job) acts for. Implemented by @mais/tenancy's
 * TenantScope, which binds it to the ORM's tenant filter; domain services read it, never take it as an argument.
 */
export abstract class CurrentTenant {
  abstract readonly tenantId: string;
  abstract tenant(): Promise<Tenant>;
  abstract tenantRef(): Tenant;
  /** Runs `fn` in a fresh unit of work bound to `tenantId` (jobs, webhook processing once the tenant is known). */
  abstract run<T>(tenantId: string, fn: () => Promise<T>): Promise<T>;
  /** Runs platform-level work (tenant routing, webhook storage) in a fresh unit of work with no tenant bound. */
  abstract runUnscoped<T>(fn: () => Promise<T>): Promise<T>;
}
