/**
 * The widget configuration document: its JSON Schema (for ajv and the OpenAPI document) and the
 * hand-written TypeScript type. The type-level checks at the bottom fail compilation when the
 * property names or required lists of the two drift apart.
 *
 * The schema keeps to the keywords OpenAPI 3.0 understands (plus `nullable`, which ajv supports), so
 * it can be embedded in the OpenAPI document as is; no `$ref`, `const` or `propertyNames`. What it
 * cannot say (package-id keys, from ≤ to, unique rule ids) is checked in `validateConfig`.
 */

/** The newest schema version this code reads and writes. Older documents are migrated on validation. */
export const CONFIG_SCHEMA_VERSION = 1 as const;

export interface BrandingSettings {
  /** `#rrggbb` */
  primaryColor: string;
  /** `#rrggbb` */
  secondaryColor: string;
  fontFamily: string;
  /** An https URL, or null for no logo. */
  logoUrl: string | null;
  /** The widget's colour scheme: `auto` follows the visitor's system setting. */
  colorScheme: ColorScheme;
}

export type ColorScheme = 'light' | 'dark' | 'auto';

export interface PackageDisplaySettings {
  visible: boolean;
  /** Ascending; packages with settings come before those without. */
  order: number;
  featured: boolean;
  /** Replaces the package's own description in the widget when set. */
  customDescription: string | null;
}

export type DisplayRuleAction = 'feature' | 'hide' | 'show';

export interface DisplayRule {
  /** Slug-like, unique within `displayRules`. */
  id: string;
  /** First day the rule is active, `YYYY-MM-DD`, inclusive. */
  from: string;
  /** Last day the rule is active, `YYYY-MM-DD`, inclusive. */
  to: string;
  packageIds: string[];
  action: DisplayRuleAction;
  /** When set, the rule also applies to every package of this tier. */
  tierGroup?: string;
}

export interface DisplaySettings {
  /** Group the catalog by package tier, in `tierOrder`. */
  groupByTier: boolean;
  tierOrder: string[];
}

export type WidgetSection = 'packages' | 'calendar' | 'checkout';

export interface WidgetFeatures {
  addOns: boolean;
  showPrices: boolean;
  customerNotes: boolean;
}

export interface WidgetSettings {
  sections: WidgetSection[];
  features: WidgetFeatures;
  /** Origins (`https://weddings.example.com`) of the sites that may frame the widget; empty: any site. */
  embedOrigins: string[];
}

export interface ConfigDocument {
  schemaVersion: typeof CONFIG_SCHEMA_VERSION;
  branding: BrandingSettings;
  /** Keyed by package id (lowercase UUID). */
  packages: Record<string, PackageDisplaySettings>;
  displayRules: DisplayRule[];
  display: DisplaySettings;
  widget: WidgetSettings;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** The defaults; `defaultConfig()` hands out copies, and the schema's `default` keywords point here. */
export const DEFAULT_CONFIG: Readonly<ConfigDocument> = deepFreeze<ConfigDocument>({
  schemaVersion: CONFIG_SCHEMA_VERSION,
  branding: { primaryColor: '#7b2cbf', secondaryColor: '#ffffff', fontFamily: 'Inter', logoUrl: null, colorScheme: 'light' },
  packages: {},
  displayRules: [],
  display: { groupByTier: false, tierOrder: [] },
  widget: {
    sections: ['packages', 'calendar', 'checkout'],
    features: { addOns: true, showPrices: true, customerNotes: true },
    embedOrigins: [],
  },
});

export const COLOR_PATTERN = '^#[0-9a-fA-F]{6}$';
export const SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
/** Letters, digits, spaces and `, . ' " _ -`: enough for a font stack, nothing that escapes a CSS declaration. */
export const FONT_FAMILY_PATTERN = `^[A-Za-z0-9 ,.'"_-]+$`;
export const HTTPS_URL_PATTERN = '^https://\\S+$';
/** An origin: scheme, host and optional port; no path, not even a trailing slash (CSP source syntax). */
export const ORIGIN_PATTERN = '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$';
/** Lowercase only: package ids are compared as strings with the ids PostgreSQL returns. */
export const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

const colorSchema = { type: 'string', pattern: COLOR_PATTERN, description: 'A color `#rrggbb`.' } as const;
const uuidSchema = { type: 'string', format: 'uuid', pattern: UUID_PATTERN, description: 'A package id (lowercase UUID).' } as const;
const tierSchema = { type: 'string', minLength: 1, maxLength: 40 } as const;

const brandingSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['primaryColor', 'secondaryColor', 'fontFamily', 'logoUrl', 'colorScheme'],
  default: DEFAULT_CONFIG.branding,
  properties: {
    primaryColor: { ...colorSchema, default: DEFAULT_CONFIG.branding.primaryColor },
    secondaryColor: { ...colorSchema, default: DEFAULT_CONFIG.branding.secondaryColor },
    fontFamily: {
      type: 'string',
      minLength: 1,
      maxLength: 100,
      pattern: FONT_FAMILY_PATTERN,
      default: DEFAULT_CONFIG.branding.fontFamily,
      description: 'A CSS font family or font stack, e.g. `"Playfair Display", Georgia, serif`.',
    },
    logoUrl: {
      type: 'string',
      nullable: true,
      format: 'uri',
      pattern: HTTPS_URL_PATTERN,
      maxLength: 2048,
      default: DEFAULT_CONFIG.branding.logoUrl,
      description: 'An https URL of the logo, or null.',
    },
    colorScheme: {
      type: 'string',
      enum: ['light', 'dark', 'auto'],
      default: DEFAULT_CONFIG.branding.colorScheme,
      description: "The widget's colour scheme; `auto` follows the visitor's system setting.",
    },
  },
} as const;

const packageDisplaySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['visible', 'order', 'featured', 'customDescription'],
  properties: {
    visible: { type: 'boolean', default: true, description: 'False leaves the package out of the public catalog.' },
    order: { type: 'integer', minimum: 0, default: 0, description: 'Ascending display position.' },
    featured: { type: 'boolean', default: false },
    customDescription: {
      type: 'string',
      nullable: true,
      minLength: 1,
      maxLength: 2000,
      default: null,
      description: "Shown instead of the package's description when set.",
    },
  },
} as const;

const displayRuleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'from', 'to', 'packageIds', 'action'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 64, pattern: SLUG_PATTERN, description: 'Unique within displayRules.' },
    from: { type: 'string', format: 'date', description: 'First active day (inclusive), in the tenant time zone.' },
    to: { type: 'string', format: 'date', description: 'Last active day (inclusive), not before `from`.' },
    packageIds: { type: 'array', maxItems: 500, uniqueItems: true, items: uuidSchema },
    action: {
      type: 'string',
      enum: ['feature', 'hide', 'show'],
      description: '`hide` leaves the packages out, `show` includes them even when hidden, `feature` marks them featured.',
    },
    tierGroup: { ...tierSchema, description: 'The rule also applies to every package of this tier.' },
  },
} as const;

const displaySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['groupByTier', 'tierOrder'],
  default: DEFAULT_CONFIG.display,
  properties: {
    groupByTier: { type: 'boolean', default: false },
    tierOrder: {
      type: 'array',
      maxItems: 50,
      uniqueItems: true,
      items: tierSchema,
      default: DEFAULT_CONFIG.display.tierOrder,
      description: 'Tiers in display order; unlisted tiers follow by name, packages without a tier come last.',
    },
  },
} as const;

const widgetFeaturesSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['addOns', 'showPrices', 'customerNotes'],
  default: DEFAULT_CONFIG.widget.features,
  properties: {
    addOns: { type: 'boolean', default: true, description: 'Offer add-ons in the widget.' },
    showPrices: { type: 'boolean', default: true, description: 'Show package and add-on prices.' },
    customerNotes: { type: 'boolean', default: true, description: 'Ask the customer for notes at checkout.' },
  },
} as const;

const widgetSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['sections', 'features', 'embedOrigins'],
  default: DEFAULT_CONFIG.widget,
  properties: {
    sections: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', enum: ['packages', 'calendar', 'checkout'] },
      default: DEFAULT_CONFIG.widget.sections,
      description: 'The widget sections, in order.',
    },
    features: widgetFeaturesSchema,
    embedOrigins: {
      type: 'array',
      maxItems: 50,
      uniqueItems: true,
      items: { type: 'string', maxLength: 260, pattern: ORIGIN_PATTERN },
      default: DEFAULT_CONFIG.widget.embedOrigins,
      description: 'Origins of the sites that may frame the widget (its CSP `frame-ancestors`), e.g. `https://weddings.example.com`; empty: any site.',
    },
  },
} as const;

/** JSON Schema (draft-07, OpenAPI 3.0 compatible) of the widget configuration document. */
export const configDocumentSchema = {
  title: 'ConfigDocument',
  description: "A tenant's widget configuration. Missing sections and fields are filled with defaults on validation; unknown fields are rejected.",
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'branding', 'packages', 'displayRules', 'display', 'widget'],
  properties: {
    schemaVersion: {
      type: 'integer',
      minimum: 1,
      maximum: CONFIG_SCHEMA_VERSION,
      description: 'Version of this schema the document follows; older versions are migrated.',
    },
    branding: brandingSchema,
    packages: {
      type: 'object',
      maxProperties: 500,
      additionalProperties: packageDisplaySchema,
      default: DEFAULT_CONFIG.packages,
      description: 'Display settings keyed by package id (lowercase UUID).',
    },
    displayRules: {
      type: 'array',
      maxItems: 100,
      items: displayRuleSchema,
      default: DEFAULT_CONFIG.displayRules,
      description: 'Date-bound rules, applied in order on the days they are active.',
    },
    display: displaySchema,
    widget: widgetSchema,
  },
} as const;

// Compile-time sync checks between the schema above and the hand-written types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type PropertyKeys<S> = S extends { properties: infer P } ? keyof P : never;
type SchemaRequired<S> = S extends { required: readonly (infer K)[] } ? K : never;
type InSync<S, T> = Same<PropertyKeys<S>, keyof T> extends true ? Same<SchemaRequired<S>, RequiredKeys<T>> : false;

export type ConfigSchemaInSync = [
  Assert<InSync<typeof configDocumentSchema, ConfigDocument>>,
  Assert<InSync<typeof brandingSchema, BrandingSettings>>,
  Assert<InSync<typeof packageDisplaySchema, PackageDisplaySettings>>,
  Assert<InSync<typeof displayRuleSchema, DisplayRule>>,
  Assert<InSync<typeof displaySchema, DisplaySettings>>,
  Assert<InSync<typeof widgetSchema, WidgetSettings>>,
  Assert<InSync<typeof widgetFeaturesSchema, WidgetFeatures>>,
  Assert<Same<(typeof displayRuleSchema.properties.action.enum)[number], DisplayRuleAction>>,
  Assert<Same<(typeof widgetSchema.properties.sections.items.enum)[number], WidgetSection>>,
  Assert<Same<(typeof brandingSchema.properties.colorScheme.enum)[number], ColorScheme>>,
];
