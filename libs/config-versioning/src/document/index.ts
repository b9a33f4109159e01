export {
  CONFIG_SCHEMA_VERSION,
  configDocumentSchema,
  type BrandingSettings,
  type ColorScheme,
  type ConfigDocument,
  type DisplayRule,
  type DisplayRuleAction,
  type DisplaySettings,
  type PackageDisplaySettings,
  type WidgetFeatures,
  type WidgetSection,
  type WidgetSettings,
} from './config-document.schema';
export { defaultConfig, migrateConfig, validateConfig, type ConfigFieldError, type ConfigValidationResult, type VersionedConfig } from './config-document';
export { applyConfigPatch, diffConfigs, type ConfigPatchFailureReason, type ConfigPatchResult, type JsonPatchOperation } from './config-patch';
export { activeRules, applyConfigToCatalog, isRuleActive, type CatalogPackage, type DisplayedPackage } from './display';
export { frameAncestors, readableOn, relativeLuminance, themeCss, widgetTheme, type WidgetTheme } from './theme';
