import { Injectable } from '@nestjs/common';
import { UniqueConstraintViolationException, wrap } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { ConflictError, NotFoundError } from '../common/domain.error';
import { CurrentTenant } from '../ports/current-tenant.port';
import { TenantReadsChanged } from '../common/tenant-reads-changed';
import { AddOn } from './add-on.entity';
import { Package } from './package.entity';
import { runPrepared } from '../common/prepared-statement';
import { ACTIVE_CATALOG } from './catalog.queries';

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
  /** Text in the name or description (case-insensitive). */
  q?: string;
  tier?: string;
  minPriceCents?: number;
  maxPriceCents?: number;
  /** Only the package with this slug (GET /v1/packages/{slug}). */
  slug?: string;
}

/** The packages the widget's catalog is made of, read in one round trip (CatalogService.listActive). */
export interface ActiveCatalog {
  currency: string;
  timezone: string;
  /** By name, then id. */
  packages: ActivePackage[];
}

export interface ActivePackage {
  id: string;
  slug: string;
  name: string;
  description: string;
  basePriceCents: number;
  tier: string | null;
  photoUrl: string | null;
  /**
   * The active add-ons as JSON text, oldest first: `[{"id","slug","name","description","priceCents","photoUrl"}]`,
   * the widget's add-on shape. PostgreSQL builds it, so a catalog read never parses or re-serialises add-ons.
   */
  addOnsJson: string;
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

  /**
   * The widget's catalog in one query, as plain rows (no entities): the tenant's currency and time zone
   * and its active packages, filtered, each with its active add-ons. The display config is config-versioning's
   * (PublishedConfigReader).
   */
  async listActive(query: CatalogQuery = {}): Promise<ActiveCatalog> {
    const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    // Raw SQL bypasses the tenant filter: the tenant id comes from the scope, never from the request.
    const rows = await runPrepared<ActiveCatalogRow>(this.em, ACTIVE_CATALOG, [
      this.currentTenant.tenantId,
      query.tier || null,
      query.minPriceCents ?? null,
      query.maxPriceCents ?? null,
      pattern,
      query.slug ?? null,
    ]);
    if (rows.length === 0) throw new NotFoundError('Tenant');
    const [first] = rows;
    return {
      currency: first.currency,
      timezone: first.timezone,
      packages: first.id === null ? [] : rows.map(toActivePackage),
    };
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

interface ActiveCatalogRow {
  currency: string;
  timezone: string;
  id: string | null;
  slug: string;
  name: string;
  description: string;
  base_price_cents: number;
  tier: string | null;
  photo_url: string | null;
  add_ons: string;
}

function toActivePackage(row: ActiveCatalogRow): ActivePackage {
  return {
    id: row.id!,
    slug: row.slug,
    name: row.name,
    description: row.description,
    basePriceCents: row.base_price_cents,
    tier: row.tier,
    photoUrl: row.photo_url,
    addOnsJson: row.add_ons,
  };
}
