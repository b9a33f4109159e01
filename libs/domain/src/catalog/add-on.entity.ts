import { Entity, ManyToOne, Property, Unique, Opt } from '@mikro-orm/core';
import { TenantOwned } from '../common/tenant-filter';
import { TenantOwnedEntity } from '../common/tenant-owned.entity';
import type { Package } from './package.entity';

@Entity({ tableName: 'add_ons' })
@TenantOwned()
@Unique({ name: 'add_ons_package_slug_unique', properties: ['package', 'slug'] })
export class AddOn extends TenantOwnedEntity {
  @ManyToOne({ entity: 'Package', deleteRule: 'cascade' })
  package: Package;

  @Property({ type: 'string', length: 80 })
  slug: string;

  @Property({ type: 'string', length: 200 })
  name: string;

  @Property({ type: 'text', default: '' })
  description: Opt<string> = '';

  @Property({ type: 'integer' })
  priceCents: number;

  @Property({ type: 'string', length: 2048, nullable: true })
  photoUrl: string | null = null;

  @Property({ type: 'boolean', default: true })
  active: Opt<boolean> = true;
}
