import { Injectable } from '@nestjs/common';
import { Cache, cacheKey, getOrLoad, tenantNamespace } from '@mais/cache';
import { CatalogQuery, CatalogService, CurrentTenant, Package } from '@mais/domain';
import { CatalogDisplay } from './catalog-display';
import { AddOnDto, PackageDto, PackageSort } from './package.dto';

/**
 * The widget's catalog: active packages with active add-ons, shaped by the tenant's display settings.
 * Answers are cached as JSON text per tenant and query; every catalog or config write drops the tenant's
 * entries (TenantReadsChanged).
 */
@Injectable()
export class PublicCatalogService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly display: CatalogDisplay,
    private readonly currentTenant: CurrentTenant,
    private readonly cache: Cache,
  ) {}

  /** The list as JSON text, from the cache when possible. */
  listJson(query: CatalogQuery & { sort?: PackageSort }): Promise<string> {
    const key = cacheKey('packages', { ...query });
    return getOrLoad(this.cache, tenantNamespace(this.currentTenant.tenantId), key, displayTtlSeconds(), async () => JSON.stringify(await this.list(query)));
  }

  /** One package as JSON text, from the cache when possible. */
  getJson(slug: string): Promise<string> {
    return getOrLoad(this.cache, tenantNamespace(this.currentTenant.tenantId), cacheKey(`package:${slug}`, {}), displayTtlSeconds(), async () =>
      JSON.stringify(await this.get(slug)),
    );
  }

  async list(query: CatalogQuery & { sort?: PackageSort }): Promise<PackageDto[]> {
    const tenant = await this.currentTenant.tenant();
    const packages = await this.catalog.listActive(query);
    const shown = await this.display.apply(packages, tenant);
    const dtos = shown.map(({ pkg, featured, description }) => toPackageDto(pkg, tenant.currency, featured, description));
    return sortPackages(dtos, query.sort ?? 'display');
  }

  async get(slug: string): Promise<PackageDto> {
    const tenant = await this.currentTenant.tenant();
    const pkg = await this.catalog.getActiveBySlug(slug);
    const [shown] = await this.display.apply([pkg], tenant, { includeHidden: true });
    return toPackageDto(pkg, tenant.currency, shown?.featured ?? false, shown?.description ?? pkg.description);
  }
}

/**
 * Display rules switch on the tenant's midnight. Every time zone's midnight falls on a UTC quarter hour,
 * so an entry that never outlives the current quarter hour never shows yesterday's rules.
 */
function displayTtlSeconds(now = Date.now()): number {
  const quarter = 15 * 60 * 1000;
  return Math.max(1, Math.min(300, Math.floor((quarter - (now % quarter)) / 1000)));
}

function toPackageDto(pkg: Package, currency: string, featured: boolean, description: string): PackageDto {
  return {
    id: pkg.id,
    slug: pkg.slug,
    name: pkg.name,
    description,
    basePriceCents: pkg.basePriceCents,
    currency,
    tier: pkg.tier,
    photoUrl: pkg.photoUrl,
    featured,
    addOns: pkg.addOns.getItems().map((a) => AddOnDto.from(a)),
  };
}

function sortPackages(packages: PackageDto[], sort: PackageSort): PackageDto[] {
  const byName = (a: PackageDto, b: PackageDto) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  switch (sort) {
    case 'display':
      return packages; // already in display order
    case 'name':
      return [...packages].sort(byName);
    case 'price_asc':
      return [...packages].sort((a, b) => a.basePriceCents - b.basePriceCents || byName(a, b));
    case 'price_desc':
      return [...packages].sort((a, b) => b.basePriceCents - a.basePriceCents || byName(a, b));
  }
}
