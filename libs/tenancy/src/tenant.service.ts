import { Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException, wrap } from '@mikro-orm/postgresql';
import {
  Cache,
  ConflictError,
  formatPercent,
  isValidTimeZone,
  NotFoundError,
  Tenant,
  tenantNamespace,
  unknownPaymentStatus,
  ValidationError,
} from '@mais/domain';
import { SecretCipher } from './secret-cipher';
import { TenantResolver } from './tenant-resolver';
import { generateTenantKeys, hashSecretKey, SLUG_PATTERN, TenantKeys } from './tenant-keys';

export interface TenantInput {
  name: string;
  slug: string;
  commissionPercent: number | string;
  stripeAccountId?: string | null;
  currency?: string;
  timezone?: string;
  isActive?: boolean;
}

/** Platform-level administration of tenants: creation and key rotation are the only times a secret key is seen. */
@Injectable()
export class TenantService {
  constructor(
    private readonly em: EntityManager,
    private readonly cipher: SecretCipher,
    private readonly resolver: TenantResolver,
    private readonly cache: Cache,
  ) {}

  list(): Promise<Tenant[]> {
    return this.em.find(Tenant, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  async get(id: string): Promise<Tenant> {
    const tenant = await this.em.findOne(Tenant, { id });
    if (!tenant) throw new NotFoundError('Tenant');
    return tenant;
  }

  findBySlug(slug: string): Promise<Tenant | null> {
    return this.em.findOne(Tenant, { slug });
  }

  async create(input: TenantInput): Promise<{ tenant: Tenant; keys: TenantKeys }> {
    this.assertValid(input);
    const keys = generateTenantKeys(input.slug);
    const tenant = this.em.create(Tenant, {
      name: input.name,
      slug: input.slug,
      commissionPercent: formatPercent(input.commissionPercent),
      stripeAccountId: input.stripeAccountId ?? null,
      currency: (input.currency ?? 'usd').toLowerCase(),
      timezone: input.timezone ?? 'UTC',
      isActive: input.isActive ?? true,
      publicKey: keys.publicKey,
      secretKeyHash: '',
      secretKeyCiphertext: '',
    });
    this.setSecretKey(tenant, keys.secretKey);
    await this.flushUnique(`A tenant with slug '${input.slug}' already exists`);
    return { tenant, keys };
  }

  async update(id: string, changes: Partial<TenantInput>): Promise<Tenant> {
    const tenant = await this.get(id);
    if (changes.slug !== undefined && changes.slug !== tenant.slug) {
      // Keys embed the slug; changing it would make every issued key lie about its tenant.
      throw new ConflictError('A tenant slug cannot change once keys are issued');
    }
    this.assertValid({ ...changes });
    const { commissionPercent, currency, ...rest } = changes;
    const accountChanged = changes.stripeAccountId !== undefined && changes.stripeAccountId !== tenant.stripeAccountId;
    wrap(tenant).assign({
      ...rest,
      // Another account: what the provider said about the old one no longer applies (trusted until it speaks).
      ...(accountChanged ? unknownPaymentStatus() : {}),
      ...(commissionPercent !== undefined ? { commissionPercent: formatPercent(commissionPercent) } : {}),
      ...(currency !== undefined ? { currency: currency.toLowerCase() } : {}),
    });
    await this.em.flush();
    await this.forgetCached(tenant.publicKey, tenant.id);
    return tenant;
  }

  /** New public and secret keys; the old ones stop working at once. */
  async rotateKeys(id: string): Promise<{ tenant: Tenant; keys: TenantKeys }> {
    const tenant = await this.get(id);
    const keys = generateTenantKeys(tenant.slug);
    const oldPublicKey = tenant.publicKey;
    tenant.publicKey = keys.publicKey;
    this.setSecretKey(tenant, keys.secretKey);
    tenant.keysRotatedAt = new Date();
    await this.em.flush();
    await this.forgetCached(oldPublicKey, tenant.id);
    return { tenant, keys };
  }

  /** The tenant's current secret key, decrypted (for server-side use only; never returned by a read route). */
  revealSecretKey(tenant: Tenant): string {
    return this.cipher.decrypt(tenant.secretKeyCiphertext, tenant.id);
  }

  /** A tenant change takes effect at once: its key's resolution and its cached reads are dropped. */
  private async forgetCached(publicKey: string, tenantId: string): Promise<void> {
    await Promise.all([this.resolver.forgetPublicKey(publicKey), this.cache.invalidate(tenantNamespace(tenantId))]);
  }

  private setSecretKey(tenant: Tenant, secretKey: string): void {
    tenant.secretKeyHash = hashSecretKey(secretKey);
    tenant.secretKeyCiphertext = this.cipher.encrypt(secretKey, tenant.id);
  }

  private assertValid(input: Partial<TenantInput>): void {
    const errors: { field: string; message: string }[] = [];
    if (input.slug !== undefined && !SLUG_PATTERN.test(input.slug)) {
      errors.push({ field: 'slug', message: 'lower-case letters, digits and inner hyphens, at most 63 characters' });
    }
    if (input.commissionPercent !== undefined) {
      try {
        formatPercent(input.commissionPercent);
      } catch {
        errors.push({ field: 'commissionPercent', message: 'a percentage from 0 to 100 with at most two decimals' });
      }
    }
    if (input.timezone !== undefined && !isValidTimeZone(input.timezone)) {
      errors.push({ field: 'timezone', message: 'an IANA time zone such as America/New_York' });
    }
    if (errors.length) throw new ValidationError('Invalid tenant', errors);
  }

  private async flushUnique(message: string): Promise<void> {
    try {
      await this.em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        this.em.clear();
        throw new ConflictError(message);
      }
      throw error;
    }
  }
}
