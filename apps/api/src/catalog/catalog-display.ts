import { applyConfigToCatalog, type ConfigDocument, type DisplayedPackage as ConfigDisplayedPackage } from '@mais/config-versioning';
import { type ActiveCatalog, type ActivePackage, todayIn } from '@mais/domain';

/** A package as the widget shows it: the config decides whether it is featured and its description. */
export type DisplayedPackage = ConfigDisplayedPackage<ActivePackage>;

/**
 * Shapes the widget's catalog by a config (the published one, or a version previewed) on the tenant's today: packages hidden
 * by their settings or by an active `hide` rule are left out, the rest ordered, featured and described
 * as the config says (applyConfigToCatalog).
 *
 * `includeHidden` (GET /v1/packages/{slug}) keeps a hidden package: hiding takes it off the list, it
 * does not stop selling it (deactivate the package for that), so a direct link and checkout by slug
 * keep working. Its featured flag and description are still the config's.
 */
export function displayCatalog(catalog: ActiveCatalog, config: ConfigDocument, options: { includeHidden?: boolean } = {}): DisplayedPackage[] {
  return applyConfigToCatalog(catalog.packages, options.includeHidden ? withNothingHidden(config) : config, todayIn(catalog.timezone));
}

/** The same config with hiding switched off: every package visible, `hide` rules dropped. */
function withNothingHidden(config: ConfigDocument): ConfigDocument {
  return {
    ...config,
    packages: Object.fromEntries(Object.entries(config.packages).map(([id, settings]) => [id, { ...settings, visible: true }])),
    displayRules: config.displayRules.filter((rule) => rule.action !== 'hide'),
  };
}
