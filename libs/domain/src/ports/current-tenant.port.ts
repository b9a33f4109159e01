import type { Tenant } from '../tenant/tenant.entity';

/**
 * The tenant the current unit of work (request or job) acts for. Implemented by @mais/tenancy's
 * TenantScope, which binds it to the ORM's tenant filter; domain services read it, never take it as an argument.
 */
export abstract class CurrentTenant {
  abstract readonly tenantId: string;
  abstract tenant(): Promise<Tenant>;
  abstract tenantRef(): Tenant;
}
