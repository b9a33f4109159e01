import { Entity, Enum, ManyToOne, Property, Unique, Check, Opt } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity';
import { Tenant } from '../tenant/tenant.entity';

export enum UserRole {
  PLATFORM_ADMIN = 'PLATFORM_ADMIN',
  TENANT_ADMIN = 'TENANT_ADMIN',
}

/** An admin user. Platform-level (not filtered): platform admins span tenants. */
@Entity({ tableName: 'users' })
@Check({ name: 'users_tenant_admin_has_tenant', expression: `role <> 'TENANT_ADMIN' OR tenant_id IS NOT NULL` })
export class User extends BaseEntity {
  /** Stored lower-cased. */
  @Unique({ name: 'users_email_unique' })
  @Property({ type: 'string', length: 254 })
  email: string;

  @Property({ type: 'text', hidden: true })
  passwordHash: string;

  @Enum({ items: () => UserRole })
  role: UserRole;

  @ManyToOne({ entity: () => Tenant, nullable: true, deleteRule: 'restrict' })
  tenant: Tenant | null = null;

  @Property({ type: 'boolean', default: true })
  isActive: Opt<boolean> = true;

  @Property({ type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null = null;
}
