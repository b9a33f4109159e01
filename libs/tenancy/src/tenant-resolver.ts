import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, Tenant } from '@mais/domain';
import { hashSecretKey, parseTenantKey } from './tenant-keys';

/**
 * Finds the tenant behind a public widget key or a secret key. Tenants are platform-level rows (not
 * tenant-filtered), so this is one of the few places that reads across tenants, by design.
 */
@Injectable()
export class TenantResolver {
  constructor(private readonly em: EntityManager) {}

  /** X-Tenant-Key → active tenant, or TENANT_KEY_REQUIRED / INVALID_TENANT_KEY / TENANT_INACTIVE. */
  async byPublicKey(header: string | undefined): Promise<Tenant> {
    if (!header) throw new DomainError('TENANT_KEY_REQUIRED', 'The X-Tenant-Key header is required');
    const parsed = parseTenantKey(header);
    if (!parsed || parsed.kind !== 'pk') throw new DomainError('INVALID_TENANT_KEY', 'The tenant key is malformed or unknown');
    const tenant = await this.em.findOne(Tenant, { publicKey: header });
    if (!tenant) throw new DomainError('INVALID_TENANT_KEY', 'The tenant key is malformed or unknown');
    return this.assertActive(tenant);
  }

  /** Bearer sk_live_… → active tenant, or UNAUTHENTICATED / TENANT_INACTIVE. */
  async bySecretKey(secretKey: string): Promise<Tenant> {
    const parsed = parseTenantKey(secretKey);
    const tenant = parsed?.kind === 'sk' ? await this.em.findOne(Tenant, { secretKeyHash: hashSecretKey(secretKey) }) : null;
    if (!tenant) throw new DomainError('UNAUTHENTICATED', 'The secret key is invalid');
    return this.assertActive(tenant);
  }

  /** A platform admin's X-Tenant-Id → tenant (inactive tenants stay manageable by the platform). */
  async byId(tenantId: string): Promise<Tenant> {
    const tenant = await this.em.findOne(Tenant, { id: tenantId });
    if (!tenant) throw new DomainError('NOT_FOUND', 'Tenant not found');
    return tenant;
  }

  private assertActive(tenant: Tenant): Tenant {
    if (!tenant.isActive) throw new DomainError('TENANT_INACTIVE', 'This tenant is not active');
    return tenant;
  }
}
