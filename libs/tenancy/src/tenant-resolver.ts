import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Cache, DomainError, PUBLIC_KEY_NAMESPACE, runPrepared, Tenant } from '@mais/domain';
import { hashSecretKey, parseTenantKey } from './tenant-keys';
import { TENANT_BY_PUBLIC_KEY, PROFILE_BY_SLUG } from './tenant-resolver.queries';

/** What authentication needs to know of a tenant; cached by public key on the widget's hot path. */
export interface ResolvedTenant {
  id: string;
  isActive: boolean;
}

/**
 * What anyone may know of an active tenant: what every widget page shows (the public key is in each one).
 * The widget page reads it by slug or public key.
 */
export interface PublicTenantProfile {
  id: string;
  slug: string;
  name: string;
  publicKey: string;
  currency: string;
  timeZone: string;
}

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

  /** An active tenant's public profile by slug, or null (unknown or inactive alike). Cached like key resolutions. */
  async publicProfileBySlug(slug: string): Promise<PublicTenantProfile | null> {
    const key = profileKey(slug);
    const cached = await this.cache.get(PUBLIC_KEY_NAMESPACE, key);
    if (cached !== undefined) return JSON.parse(cached) as PublicTenantProfile;
    const generation = await this.cache.generation(PUBLIC_KEY_NAMESPACE);
    const [row] = await runPrepared<{ id: string; slug: string; name: string; public_key: string; currency: string; timezone: string; is_active: boolean }>(
      this.em,
      PROFILE_BY_SLUG,
      [slug],
    );
    if (!row?.is_active) return null;
    const profile: PublicTenantProfile = {
      id: row.id,
      slug: row.slug,
      name: row.name,
      publicKey: row.public_key,
      currency: row.currency,
      timeZone: row.timezone,
    };
    await this.cache.set(PUBLIC_KEY_NAMESPACE, key, JSON.stringify(profile), PUBLIC_KEY_TTL_SECONDS, generation);
    return profile;
  }

  /** An active tenant's public profile by its current public key (the slug is in the key), or null. */
  async publicProfileByKey(publicKey: string): Promise<PublicTenantProfile | null> {
    const parsed = parseTenantKey(publicKey);
    if (parsed?.kind !== 'pk') return null;
    const profile = await this.publicProfileBySlug(parsed.slug);
    return profile?.publicKey === publicKey ? profile : null;
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

  /**
   * Forgets a public key's cached resolution and its tenant's public profile (any change, rotation,
   * deactivation): the next request reads the database.
   */
  async forgetPublicKey(publicKey: string): Promise<void> {
    const slug = parseTenantKey(publicKey)?.slug;
    await Promise.all([this.cache.delete(PUBLIC_KEY_NAMESPACE, publicKey), slug ? this.cache.delete(PUBLIC_KEY_NAMESPACE, profileKey(slug)) : undefined]);
  }
}

/** Profiles share the key namespace: a `profile:` prefix cannot clash with a key, which starts pk_live_. */
function profileKey(slug: string): string {
  return `profile:${slug}`;
}

function invalidKey(): DomainError {
  return new DomainError('INVALID_TENANT_KEY', 'The tenant key is malformed or unknown');
}

function assertActive<T extends ResolvedTenant>(tenant: T): T {
  if (!tenant.isActive) throw new DomainError('TENANT_INACTIVE', 'This tenant is not active');
  return tenant;
}
