import { Filter } from '@mikro-orm/core';
import { TenantScopeMissingError } from './domain.error';

export const TENANT_FILTER = 'tenant';

export interface TenantFilterArgs {
  tenantId: string;
}

/**
 * Marks an entity as tenant-owned: every read is scoped to the tenant bound to the current
 * EntityManager context, and a read with no tenant bound throws instead of returning every tenant's rows.
 * Code that truly spans tenants must disable the filter explicitly: `{ filters: { tenant: false } }`.
 */
export function TenantOwned(): ClassDecorator {
  return Filter({
    name: TENANT_FILTER,
    default: true,
    // args: false makes MikroORM call cond even with nothing bound, so the error is ours and typed.
    args: false,
    cond: (args: Partial<TenantFilterArgs> | undefined) => {
      if (!args?.tenantId) throw new TenantScopeMissingError();
      return { tenant: args.tenantId };
    },
  });
}
