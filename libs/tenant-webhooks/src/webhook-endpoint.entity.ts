import { Entity, Index, Property, Opt } from '@mikro-orm/core';
import { TenantOwned, TenantOwnedEntity } from '@mais/domain';
import type { TenantEventType } from '@mais/domain';

/**
 * A URL of the tenant's that receives its events, signed with the endpoint's own secret (kept encrypted, shown
 * to the admin once). After a rotation the previous secret also signs until `previousSecretExpiresAt`, so a
 * receiver can switch without losing a delivery. `failingSince` is the first failure since the last success: the
 * auto-disable rule reads it.
 */
@Entity({ tableName: 'webhook_endpoints' })
@TenantOwned()
@Index({ name: 'webhook_endpoints_tenant_created_idx', properties: ['tenant', 'createdAt'] })
export class WebhookEndpoint extends TenantOwnedEntity {
  @Property({ type: 'string', length: 2048 })
  url: string;

  @Property({ type: 'string', length: 500, nullable: true })
  description: string | null = null;

  @Property({ type: 'json' })
  events: TenantEventType[];

  @Property({ type: 'boolean', default: true })
  enabled: Opt<boolean> = true;

  @Property({ type: 'text' })
  secretCiphertext: string;

  @Property({ type: 'text', nullable: true })
  previousSecretCiphertext: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  failingSince: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  lastSuccessAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null = null;

  @Property({ type: 'string', length: 500, nullable: true })
  disabledReason: string | null = null;
}
