import { Entity, Index, Property, Unique } from '@mikro-orm/core';
import { TenantOwned } from '../common/tenant-filter';
import { TenantOwnedEntity } from '../common/tenant-owned.entity';

/** The stored response of a request sent with an Idempotency-Key, per tenant and route. */
@Entity({ tableName: 'idempotency_records' })
@TenantOwned()
@Unique({ name: 'idempotency_records_tenant_scope_key_unique', properties: ['tenant', 'scope', 'key'] })
@Index({ name: 'idempotency_records_expires_at_idx', properties: ['expiresAt'] })
export class IdempotencyRecord extends TenantOwnedEntity {
  @Property({ type: 'string', length: 80 })
  scope: string;

  @Property({ type: 'string', length: 255 })
  key: string;

  /** SHA-256 of the canonical request body. */
  @Property({ type: 'string', length: 64 })
  requestHash: string;

  @Property({ type: 'integer', nullable: true })
  responseStatus: number | null = null;

  @Property({ type: 'json', nullable: true })
  responseBody: unknown = null;

  @Property({ type: 'timestamptz' })
  expiresAt: Date;
}
