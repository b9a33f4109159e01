import { Injectable } from '@nestjs/common';
import { EntityManager, FilterQuery, UniqueConstraintViolationException, wrap } from '@mikro-orm/core';
import { ConflictError, NotFoundError } from '../common/domain.error';
import { CurrentTenant } from '../ports/current-tenant.port';
import { TenantReadsChanged } from '../common/tenant-reads-changed';
import { AddOn } from './add-on.entity';
import { Package } from './package.entity';

export interface PackageInput {
  slug: string;
  name: string;
  description?: string;
  basePriceCents: number;
  tier?: string | null;
  photoUrl?: string | null;
  active?: boolean;
}

export interface AddOnInput {
  slug: string;
  name: string;
  description?: string;
  priceCents: number;
  photoUrl?: string | null;
  active?: boolean;
}

export interface CatalogQuery {
  q?: string;
  tier?: string;
  minPriceCents?: number;
  maxPriceCents?: number;
}

/** Packages and their add-ons, for the tenant in scope. */
@Injectable()
export class CatalogService {
  constructor(
    private readonly em: EntityManager,
    private readonly currentTenant: CurrentTenant,
    private readonly readsChanged: TenantReadsChanged,
  ) {}

  listPackages(): Promise<Package[]> {
    return this.em.find(Package, {}, { populate: ['addOns'], orderBy: { name: 'asc', id: 'asc' } });
  }

  async getPackage(id: string): Promise<Package> {
    const found = await this.em.findOne(Package, { id }, { populate: ['addOns'] });
    if (!found) throw new NotFoundError('Package');
    return found;
  }

  async createPackage(input: PackageInput): Promise<Package> {
    const pkg = this.em.create(Package, { ...input, tenant: this.currentTenant.tenantRef() });
    await this.flushUnique(`A package with slug '${input.slug}' already exists`);
    return pkg;
  }

  async updatePackage(id: string, changes: Partial<PackageInput>): Promise<Package> {
    const pkg = await this.getPackage(id);
    wrap(pkg).assign(changes);
    await this.flushUnique(`A package with slug '${changes.slug}' already exists`);
    return pkg;
  }

  async deletePackage(id: string): Promise<void> {
    const pkg = await this.getPackage(id);
    // Bookings keep a snapshot of what was sold, so the package can go; its add-ons go with it.
    this.em.remove(pkg);
    await this.em.flush();
    await this.readsChanged.notify();
  }

  async addAddOn(packageId: string, input: AddOnInput): Promise<AddOn> {
    const pkg = await this.getPackage(packageId);
    const addOn = this.em.create(AddOn, { ...input, package: pkg, tenant: this.currentTenant.tenantRef() });
    await this.flushUnique(`An add-on with slug '${input.slug}' already exists in this package`);
    return addOn;
  }

  async updateAddOn(packageId: string, addOnId: string, changes: Partial<AddOnInput>): Promise<AddOn> {
    const addOn = await this.getAddOn(packageId, addOnId);
    wrap(addOn).assign(changes);
    await this.flushUnique(`An add-on with slug '${changes.slug}' already exists in this package`);
    return addOn;
  }

  async deleteAddOn(packageId: string, addOnId: string): Promise<void> {
    const addOn = await this.getAddOn(packageId, addOnId);
    this.em.remove(addOn);
    await this.em.flush();
    await this.readsChanged.notify();
  }

  /** Active packages with their active add-ons, filtered, in one query. */
  listActive(query: CatalogQuery = {}): Promise<Package[]> {
    const where: FilterQuery<Package> = { active: true };
    if (query.tier) where.tier = query.tier;
    if (query.minPriceCents !== undefined || query.maxPriceCents !== undefined) {
      where.basePriceCents = {
        ...(query.minPriceCents !== undefined ? { $gte: query.minPriceCents } : {}),
        ...(query.maxPriceCents !== undefined ? { $lte: query.maxPriceCents } : {}),
      };
    }
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.$or = [{ name: { $ilike: pattern } }, { description: { $ilike: pattern } }];
    }
    return this.em.find(Package, where, {
      populate: ['addOns'],
      populateWhere: { addOns: { active: true } },
      strategy: 'joined',
      orderBy: { name: 'asc', id: 'asc' },
    });
  }

  async getActiveBySlug(slug: string): Promise<Package> {
    const found = await this.em.findOne(
      Package,
      { slug, active: true },
      { populate: ['addOns'], populateWhere: { addOns: { active: true } }, strategy: 'joined' },
    );
    if (!found) throw new NotFoundError('Package');
    return found;
  }

  private async getAddOn(packageId: string, addOnId: string): Promise<AddOn> {
    const addOn = await this.em.findOne(AddOn, { id: addOnId, package: packageId });
    if (!addOn) throw new NotFoundError('Add-on');
    return addOn;
  }

  private async flushUnique(message: string): Promise<void> {
    try {
      await this.em.flush();
      await this.readsChanged.notify();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        this.em.clear();
        throw new ConflictError(message);
      }
      throw error;
    }
  }
}
