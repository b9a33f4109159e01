import { Injectable } from '@nestjs/common';
import { Cache, tenantNamespace } from '../ports/cache.port';
import { CurrentTenant } from '../ports/current-tenant.port';

/**
 * Tells the read cache that the current tenant's public data (catalog, config, availability) changed.
 * Every write a widget could notice calls it after committing, in the same request, so no reader sees
 * stale data once the write has answered.
 */
@Injectable()
export class TenantReadsChanged {
  constructor(
    private readonly cache: Cache,
    private readonly currentTenant: CurrentTenant,
  ) {}

  notify(): Promise<void> {
    return this.cache.invalidate(tenantNamespace(this.currentTenant.tenantId));
  }
}
