import { Entity, Index, Property, Unique, Opt } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity';

/** A business selling packages. Not tenant-owned itself: it is the tenant. */
@Entity({ tableName: 'tenants' })
export class Tenant extends BaseEntity {
  @Property({ type: 'string', length: 120 })
  name: string;

  @Unique({ name: 'tenants_slug_unique' })
  @Property({ type: 'string', length: 63 })
  slug: string;

  /** Public widget key, safe to embed; stored as is so it can be looked up and shown again. */
  @Unique({ name: 'tenants_public_key_unique' })
  @Property({ type: 'string', length: 128 })
  publicKey: string;

  /** SHA-256 of the secret key, for lookup by bearer token. */
  @Unique({ name: 'tenants_secret_key_hash_unique' })
  @Property({ type: 'string', length: 64, hidden: true })
  secretKeyHash: string;

  /** AES-256-GCM ciphertext of the secret key under TENANT_SECRETS_ENCRYPTION_KEY. */
  @Property({ type: 'text', hidden: true })
  secretKeyCiphertext: string;

  /** Platform commission, numeric(5,2), kept as its exact decimal string ("12.50"). */
  @Property({ type: 'decimal', precision: 5, scale: 2 })
  commissionPercent: string;

  @Index({ name: 'tenants_stripe_account_id_idx' })
  @Property({ type: 'string', length: 255, nullable: true })
  stripeAccountId: string | null = null;

  /**
   * What the payment provider last said about the connected account (Connect's account.updated): null while
   * nothing was said, which counts as able to take charges (an account id set by a platform admin is trusted
   * until the provider says otherwise). See `paymentReadiness`.
   */
  @Property({ type: 'boolean', nullable: true })
  chargesEnabled: boolean | null = null;

  @Property({ type: 'boolean', nullable: true })
  detailsSubmitted: boolean | null = null;

  /** The provider's requirements still due (`currently_due` and `past_due`), shown to the tenant's admins. */
  @Property({ type: 'json', default: "'[]'" })
  paymentRequirementsDue: Opt<string[]> = [];

  @Property({ type: 'string', length: 255, nullable: true })
  paymentsDisabledReason: string | null = null;

  /** The account disconnected the platform (account.application.deauthorized): no charges until onboarding again. */
  @Property({ type: 'timestamptz', nullable: true })
  paymentsDisconnectedAt: Date | null = null;

  /** When the provider sent the status above (its event's time): an older event arriving later changes nothing. */
  @Property({ type: 'timestamptz', nullable: true })
  paymentStatusAt: Date | null = null;

  @Property({ type: 'string', length: 3, default: 'usd' })
  currency: Opt<string> = 'usd';

  @Property({ type: 'string', length: 64, default: 'UTC' })
  timezone: Opt<string> = 'UTC';

  @Index({ name: 'tenants_is_active_idx' })
  @Property({ type: 'boolean', default: true })
  isActive: Opt<boolean> = true;

  @Property({ type: 'timestamptz', nullable: true })
  keysRotatedAt: Date | null = null;
}
