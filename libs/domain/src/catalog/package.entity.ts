import { Collection, Entity, Index, OneToMany, Property, Unique, Opt } from '@mikro-orm/core';
import { TenantOwned } from '../common/tenant-filter';
import { TenantOwnedEntity } from '../common/tenant-owned.entity';
import { AddOn } from './add-on.entity';

@Entity({ tableName: 'packages' })
@TenantOwned()
@Unique({ name: 'packages_tenant_slug_unique', properties: ['tenant', 'slug'] })
@Index({ name: 'packages_tenant_active_idx', properties: ['tenant', 'active'] })
export class Package extends TenantOwnedEntity {
  @Property({ type: 'string', length: 80 })
  slug: string;

  @Property({ type: 'string', length: 200 })
  name: string;

  @Property({ type: 'text', default: '' })
  description: Opt<string> = '';

  @Property({ type: 'integer' })
  basePriceCents: number;

  @Property({ type: 'string', length: 40, nullable: true })
  tier: string | null = null;

  @Property({ type: 'string', length: 2048, nullable: true })
  photoUrl: string | null = null;

  @Property({ type: 'boolean', default: true })
  active: Opt<boolean> = true;

  @OneToMany({ entity: () => AddOn, mappedBy: 'package', orderBy: { createdAt: 'asc' } })
  addOns = new Collection<AddOn>(this);
}
