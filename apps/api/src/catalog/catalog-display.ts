import { Injectable } from '@nestjs/common';
import { applyConfigToCatalog, type ConfigDocument, ConfigVersionService } from '@mais/config-versioning';
import { Package, Tenant, todayIn } from '@mais/domain';

export interface DisplayedPackage {
  pkg: Package;
  featured: boolean;
  description: string;
}

/**
 * Shapes the widget's catalog by the tenant's published config on the tenant's today: packages hidden
 * by their settings or by an active `hide` rule are left out, the rest ordered, featured and described
 * as the config says (applyConfigToCatalog).
 *
 * `includeHidden` (GET /v1/packages/{slug}) keeps a hidden package: hiding takes it off the list, it
 * does not stop selling it (deactivate the package for that), so a direct link and checkout by slug
 * keep working. Its featured flag and description are still the config's.
 */
@Injectable()
export class CatalogDisplay {
  constructor(private readonly versions: ConfigVersionService) {}

  async apply(packages: Package[], tenant: Tenant, options: { includeHidden?: boolean } = {}): Promise<DisplayedPackage[]> {
    const { config } = await this.versions.getPublished();
    const today = todayIn(tenant.timezone);
    const view = applyConfigToCatalog(
      packages.map((pkg) => ({ id: pkg.id, name: pkg.name, description: pkg.description, basePriceCents: pkg.basePriceCents, tier: pkg.tier, pkg })),
      options.includeHidden ? withNothingHidden(config) : config,
      today,
    );
    return view.map(({ pkg, featured, description }) => ({ pkg, featured, description }));
  }
}

/** The same config with hiding switched off: every package visible, `hide` rules dropped. */
function withNothingHidden(config: ConfigDocument): ConfigDocument {
  return {
    ...config,
    packages: Object.fromEntries(Object.entries(config.packages).map(([id, settings]) => [id, { ...settings, visible: true }])),
    displayRules: config.displayRules.filter((rule) => rule.action !== 'hide'),
  };
}
