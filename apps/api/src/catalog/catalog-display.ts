import {
  applyConfigToCatalog,
  type ConfigDocument,
  defaultConfig,
  type DisplayedPackage as ConfigDisplayedPackage,
  validateConfig,
} from '@mais/config-versioning';
import { type ActiveCatalog, type ActivePackage, todayIn } from '@mais/domain';

/** A package as the widget shows it: the config decides whether it is featured and its description. */
export type DisplayedPackage = ConfigDisplayedPackage<ActivePackage>;

/** One frozen copy for every tenant without a published config (applyConfigToCatalog only reads it). */
const DEFAULTS = deepFreeze(defaultConfig());

/**
 * Shapes the widget's catalog by the tenant's published config on the tenant's today: packages hidden
 * by their settings or by an active `hide` rule are left out, the rest ordered, featured and described
 * as the config says (applyConfigToCatalog).
 *
 * `includeHidden` (GET /v1/packages/{slug}) keeps a hidden package: hiding takes it off the list, it
 * does not stop selling it (deactivate the package for that), so a direct link and checkout by slug
 * keep working. Its featured flag and description are still the config's.
 */
export function displayCatalog(catalog: ActiveCatalog, options: { includeHidden?: boolean; config?: ConfigDocument } = {}): DisplayedPackage[] {
  // `config`: a version previewed instead of the published one (GET /v1/packages?versionId=).
  const config = options.config ?? publishedConfigOf(catalog.publishedConfig);
  return applyConfigToCatalog(catalog.packages, options.includeHidden ? withNothingHidden(config) : config, todayIn(catalog.timezone));
}

/** The stored document migrated to the current schema, as ConfigVersionService reads it; the defaults when none is published. */
function publishedConfigOf(stored: unknown): ConfigDocument {
  if (stored === null || stored === undefined) return DEFAULTS;
  const result = validateConfig(stored);
  if (!result.ok) {
    // Every write validated it: a failure here is a bug (or a schema change without a migration).
    throw new Error(`A stored config document no longer validates: ${result.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
  }
  return result.value;
}

/** The same config with hiding switched off: every package visible, `hide` rules dropped. */
function withNothingHidden(config: ConfigDocument): ConfigDocument {
  return {
    ...config,
    packages: Object.fromEntries(Object.entries(config.packages).map(([id, settings]) => [id, { ...settings, visible: true }])),
    displayRules: config.displayRules.filter((rule) => rule.action !== 'hide'),
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
