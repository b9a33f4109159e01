import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Cache, DomainError, type PreparedStatement, PUBLIC_KEY_NAMESPACE, runPrepared, Tenant } from '@mais/domain';
import { hashSecretKey, parseTenantKey } from './tenant-keys';

/** What authentication needs to know of a tenant; cached by public key on the widget's hot path. */
export interface ResolvedTenant {
  id: string;
  isActive: boolean;
}

/** Every widget request on a cache miss (and every one with the cache off): parsed and planned once per connection. */
const TENANT_BY_PUBLIC_KEY: PreparedStatement = {
  name: 'mais_tenant_by_public_key_v1',
  text: 'select id, is_active from tenants where public_key = $1',
};

/** Long enough to spare the database, short enough that a missed invalidation heals itself. */
const PUBLIC_KEY_TTL_SECONDS = 300;

/**
 * Finds the tenant behind a public widget key or a secret key. Tenants are platform-level rows (not
 * tenant-filtered), so this is one of the few places that reads across tenants, by design.
 */
@Injectable()
export class TenantResolver {
  constructor(
    private readonly em: EntityManager,
    private readonly cache: Cache,
  ) {}

  /** X-Tenant-Key → active tenant, or TENANT_KEY_REQUIRED / INVALID_TENANT_KEY / TENANT_INACTIVE. */
  async byPublicKey(header: string | undefined): Promise<ResolvedTenant> {
    if (!header) throw new DomainError('TENANT_KEY_REQUIRED', 'The X-Tenant-Key header is required');
    const parsed = parseTenantKey(header);
    if (parsed?.kind === 'sk') {
      throw new DomainError(
        'INVALID_TENANT_KEY',
        'X-Tenant-Key takes the public key (pk_live_…); this is the secret key, which belongs on servers only (Authorization: Bearer on the agent routes)',
      );
    }
    if (!parsed) throw invalidKey();
    const cached = await this.cache.get(PUBLIC_KEY_NAMESPACE, header);
    let resolved: ResolvedTenant | null;
    if (cached !== undefined) {
      resolved = JSON.parse(cached) as ResolvedTenant | null;
    } else {
      const generation = await this.cache.generation(PUBLIC_KEY_NAMESPACE);
      // A plain row, no entity: the widget's hot path needs two columns, not a (partial) Tenant in the identity map.
      const [row] = await runPrepared<{ id: string; is_active: boolean }>(this.em, TENANT_BY_PUBLIC_KEY, [header]);
      resolved = row ? { id: row.id, isActive: row.is_active } : null;
      // Unknown keys are not cached: a flood of made-up keys must not fill the cache.
      if (resolved) await this.cache.set(PUBLIC_KEY_NAMESPACE, header, JSON.stringify(resolved), PUBLIC_KEY_TTL_SECONDS, generation);
    }
    if (!resolved) throw invalidKey();
    return assertActive(resolved);
  }

  /** Bearer sk_live_… → active tenant, or UNAUTHENTICATED / TENANT_INACTIVE. */
  async bySecretKey(secretKey: string): Promise<ResolvedTenant> {
    const parsed = parseTenantKey(secretKey);
    if (parsed?.kind === 'pk') {
      throw new DomainError(
        'UNAUTHENTICATED',
        'This route takes the secret key (Authorization: Bearer sk_live_…); this is the public key, which goes in X-Tenant-Key on the widget routes',
      );
    }
    const tenant = parsed?.kind === 'sk' ? await this.em.findOne(Tenant, { secretKeyHash: hashSecretKey(secretKey) }) : null;
    if (!tenant) throw new DomainError('UNAUTHENTICATED', 'The secret key is invalid');
    return assertActive(tenant);
  }

  /** A platform admin's X-Tenant-Id → tenant (inactive tenants stay manageable by the platform). */
  async byId(tenantId: string): Promise<Tenant> {
    const tenant = await this.em.findOne(Tenant, { id: tenantId });
    if (!tenant) throw new DomainError('NOT_FOUND', 'Tenant not found');
    return tenant;
  }

  /** Forgets a public key's cached resolution (rotation, deactivation): the next request reads the database. */
  forgetPublicKey(publicKey: string): Promise<void> {
    return this.cache.delete(PUBLIC_KEY_NAMESPACE, publicKey);
  }
}

function invalidKey(): DomainError {
  return new DomainError('INVALID_TENANT_KEY', 'The tenant key is malformed or unknown');
}

function assertActive<T extends ResolvedTenant>(tenant: T): T {
  if (!tenant.isActive) throw new DomainError('TENANT_INACTIVE', 'This tenant is not active');
  return tenant;
}
