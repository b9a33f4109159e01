import { Injectable } from '@nestjs/common';
import { Cache, cacheKey, getOrLoadBody, tenantNamespace } from '@mais/cache';
import { type ConfigDocument, PublishedConfigReader } from '@mais/config-versioning';
import { CatalogQuery, CatalogService, CurrentTenant, NotFoundError } from '@mais/domain';
import { type DisplayedPackage, displayCatalog } from './catalog-display';
import { packageJson, packageListJson } from './package-json';
import { PackageSort } from './package.dto';

/**
 * The widget's catalog: active packages with active add-ons, shaped by the tenant's display settings.
 * Answers are cached as JSON text per tenant and query; every catalog or config write drops the tenant's
 * entries (TenantReadsChanged). A miss is two queries side by side, the packages (CatalogService.listActive)
 * and the published config (PublishedConfigReader), and no entity.
 */
@Injectable()
export class PublicCatalogService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly published: PublishedConfigReader,
    private readonly currentTenant: CurrentTenant,
    private readonly cache: Cache,
  ) {}

  /** The list (PackageDto[]) as JSON text, or a cache hit's bytes. */
  listJson(query: Omit<CatalogQuery, 'slug'> & { sort?: PackageSort }): Promise<string | Buffer> {
    const key = cacheKey('packages', { ...query });
    return getOrLoadBody(this.cache, tenantNamespace(this.currentTenant.tenantId), key, displayTtlSeconds(), () => this.loadList(query));
  }

  /** The list as a config version would show it (an admin's preview of a draft): never cached. */
  async previewJson(query: Omit<CatalogQuery, 'slug'> & { sort?: PackageSort }, config: ConfigDocument): Promise<string> {
    const catalog = await this.catalog.listActive({ q: query.q, tier: query.tier, minPriceCents: query.minPriceCents, maxPriceCents: query.maxPriceCents });
    return packageListJson(sortPackages(displayCatalog(catalog, config), query.sort ?? 'display'), catalog.currency);
  }

  /** One package (PackageDto) as JSON text, or a cache hit's bytes. */
  getJson(slug: string): Promise<string | Buffer> {
    return getOrLoadBody(this.cache, tenantNamespace(this.currentTenant.tenantId), cacheKey(`package:${slug}`, {}), displayTtlSeconds(), () =>
      this.loadOne(slug),
    );
  }

  private async loadList(query: Omit<CatalogQuery, 'slug'> & { sort?: PackageSort }): Promise<string> {
    const [catalog, { config }] = await Promise.all([
      this.catalog.listActive({ q: query.q, tier: query.tier, minPriceCents: query.minPriceCents, maxPriceCents: query.maxPriceCents }),
      this.published.read(),
    ]);
    return packageListJson(sortPackages(displayCatalog(catalog, config), query.sort ?? 'display'), catalog.currency);
  }

  private async loadOne(slug: string): Promise<string> {
    const [catalog, { config }] = await Promise.all([this.catalog.listActive({ slug }), this.published.read()]);
    const [shown] = displayCatalog(catalog, config, { includeHidden: true });
    if (!shown) throw new NotFoundError('Package');
    return packageJson(shown, catalog.currency);
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

function sortPackages(packages: DisplayedPackage[], sort: PackageSort): DisplayedPackage[] {
  const byName = (a: DisplayedPackage, b: DisplayedPackage) => a.pkg.name.localeCompare(b.pkg.name) || a.pkg.id.localeCompare(b.pkg.id);
  switch (sort) {
    case 'display':
      return packages; // already in display order
    case 'name':
      return [...packages].sort(byName);
    case 'price_asc':
      return [...packages].sort((a, b) => a.pkg.basePriceCents - b.pkg.basePriceCents || byName(a, b));
    case 'price_desc':
      return [...packages].sort((a, b) => b.pkg.basePriceCents - a.pkg.basePriceCents || byName(a, b));
  }
}
