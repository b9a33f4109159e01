import Ajv from 'ajv';
import { CONFIG_SCHEMA_VERSION, type ConfigDocument, configDocumentSchema } from './config-document.schema';
import { defaultConfig, migrateConfig, validateConfig } from './config-document';

const CLASSIC = '0b5c7a1e-5d0b-4f7e-9b5e-3a1c2d4e5f60';
const PREMIUM = '01890a5d-ac96-774b-bcce-b302099a8057';

function validDocument(): ConfigDocument {
  return {
    ...defaultConfig(),
    branding: {
      primaryColor: '#7b2cbf',
      secondaryColor: '#FFFFFF',
      fontFamily: '"Playfair Display", Georgia, serif',
      logoUrl: 'https://cdn.example.com/logo.png',
      colorScheme: 'auto',
    },
    packages: {
      [CLASSIC]: { visible: true, order: 1, featured: false, customDescription: null },
      [PREMIUM]: { visible: false, order: 0, featured: true, customDescription: 'Our best day.' },
    },
    displayRules: [
      { id: 'spring', from: '2027-03-01', to: '2027-05-31', packageIds: [PREMIUM], action: 'show' },
      { id: 'gold-summer', from: '2027-06-01', to: '2027-06-01', packageIds: [], action: 'feature', tierGroup: 'gold' },
    ],
    display: { groupByTier: true, tierOrder: ['gold', 'silver'] },
  };
}

function errorsOf(input: unknown) {
  const result = validateConfig(input);
  if (result.ok) throw new Error('expected the document to be rejected');
  return result.errors;
}

describe(validateConfig.name, () => {
  it('accepts the default config and returns it unchanged', () => {
    expect(validateConfig(defaultConfig())).toEqual({ ok: true, value: defaultConfig() });
  });

  it('accepts a document using every section', () => {
    const doc = validDocument();
    expect(validateConfig(doc)).toEqual({ ok: true, value: doc });
  });

  it('fills missing sections and fields with the defaults', () => {
    const result = validateConfig({ schemaVersion: 1, branding: { primaryColor: '#000000' }, packages: { [CLASSIC]: { featured: true } } });
    expect(result.ok && result.value).toEqual({
      ...defaultConfig(),
      branding: { ...defaultConfig().branding, primaryColor: '#000000' },
      packages: { [CLASSIC]: { visible: true, order: 0, featured: true, customDescription: null } },
    });
  });

  it('does not mutate the input, even when it fills defaults', () => {
    const input = { schemaVersion: 1, branding: { primaryColor: '#000000' }, displayRules: [] };
    const before = structuredClone(input);
    const result = validateConfig(input);
    expect(input).toEqual(before);
    expect(result.ok && result.value.displayRules).not.toBe(input.displayRules);
  });

  it('returns a document that shares no objects with the input', () => {
    const input = validDocument();
    const result = validateConfig(input);
    if (!result.ok) throw new Error('expected a valid document');
    result.value.packages[CLASSIC].order = 99;
    result.value.displayRules[0].packageIds.push(CLASSIC);
    expect(input.packages[CLASSIC].order).toBe(1);
    expect(input.displayRules[0].packageIds).toEqual([PREMIUM]);
  });

  it('hands out a fresh default config on every call', () => {
    const first = defaultConfig();
    first.branding.primaryColor = '#000000';
    first.widget.sections.pop();
    expect(defaultConfig().branding.primaryColor).toBe('#7b2cbf');
    expect(defaultConfig().widget.sections).toEqual(['packages', 'calendar', 'checkout']);
  });

  it('rejects a color that is not #rrggbb, naming the field', () => {
    const doc = validDocument();
    doc.branding.primaryColor = 'purple';
    doc.branding.secondaryColor = '#fff';
    expect(errorsOf(doc)).toEqual([
      { field: 'branding.primaryColor', message: 'must be a color #rrggbb' },
      { field: 'branding.secondaryColor', message: 'must be a color #rrggbb' },
    ]);
  });

  it('rejects an unknown field and suggests the field that was probably meant', () => {
    const doc = { ...validDocument(), branding: { ...validDocument().branding, primaryColour: '#000000' } };
    expect(errorsOf(doc)).toEqual([{ field: 'branding.primaryColour', message: 'is not a known field (did you mean primaryColor?)' }]);
  });

  it('rejects an unknown top-level section', () => {
    expect(errorsOf({ ...defaultConfig(), theme: 'dark' })).toEqual([{ field: 'theme', message: 'is not a known field' }]);
  });

  it('rejects values of the wrong type with the expected type in the message', () => {
    const doc = validDocument() as unknown as { packages: Record<string, Record<string, unknown>>; widget: Record<string, unknown> };
    doc.packages[CLASSIC].visible = 'yes';
    doc.packages[CLASSIC].order = 1.5;
    doc.widget.sections = 'packages';
    expect(errorsOf(doc)).toEqual([
      { field: `packages.${CLASSIC}.visible`, message: 'must be true or false' },
      { field: `packages.${CLASSIC}.order`, message: 'must be an integer' },
      { field: 'widget.sections', message: 'must be an array' },
    ]);
  });

  it('rejects a document that is not an object', () => {
    expect(errorsOf('{}')).toEqual([{ field: '', message: 'must be an object' }]);
    expect(errorsOf(null)).toEqual([{ field: '', message: 'must be an object' }]);
  });

  it('requires schemaVersion', () => {
    const { schemaVersion: _, ...rest } = defaultConfig();
    expect(errorsOf(rest)).toEqual([{ field: 'schemaVersion', message: 'is required' }]);
  });

  it('rejects a schemaVersion newer than this code supports, and nothing else', () => {
    expect(errorsOf({ schemaVersion: CONFIG_SCHEMA_VERSION + 1, layout: 'v2-only' })).toEqual([
      { field: 'schemaVersion', message: 'is 2, newer than the newest version this server supports (1)' },
    ]);
  });

  it('rejects a schemaVersion below 1', () => {
    expect(errorsOf({ ...defaultConfig(), schemaVersion: 0 })).toEqual([{ field: 'schemaVersion', message: 'must be >= 1' }]);
  });

  it('rejects a logo URL that is not https, and accepts null', () => {
    const doc = validDocument();
    doc.branding.logoUrl = 'http://example.com/logo.png';
    expect(errorsOf(doc)).toEqual([{ field: 'branding.logoUrl', message: 'must be an https URL' }]);
    doc.branding.logoUrl = null;
    expect(validateConfig(doc).ok).toBe(true);
  });

  it('rejects a font family that could break out of a CSS declaration', () => {
    const doc = validDocument();
    doc.branding.fontFamily = 'Inter; } body { display: none';
    expect(errorsOf(doc)).toEqual([{ field: 'branding.fontFamily', message: `may hold only letters, digits, spaces and , . ' " _ -` }]);
  });

  it('rejects a date that does not exist in the calendar', () => {
    const doc = validDocument();
    doc.displayRules[0].from = '2027-02-29';
    doc.displayRules[0].to = '2027-13-01';
    expect(errorsOf(doc)).toEqual([
      { field: 'displayRules.0.from', message: 'must be a date YYYY-MM-DD that exists' },
      { field: 'displayRules.0.to', message: 'must be a date YYYY-MM-DD that exists' },
    ]);
  });

  it('accepts 29 February in a leap year', () => {
    const doc = validDocument();
    doc.displayRules[0].from = '2028-02-29';
    doc.displayRules[0].to = '2028-02-29';
    expect(validateConfig(doc).ok).toBe(true);
  });

  it('rejects a rule whose from is after its to, on the to field', () => {
    const doc = validDocument();
    doc.displayRules[0].to = '2027-02-28';
    expect(errorsOf(doc)).toEqual([{ field: 'displayRules.0.to', message: 'must not be before from (2027-03-01)' }]);
  });

  it('rejects a second rule with an id already used', () => {
    const doc = validDocument();
    doc.displayRules[1].id = 'spring';
    expect(errorsOf(doc)).toEqual([{ field: 'displayRules.1.id', message: 'duplicates the id of displayRules.0' }]);
  });

  it('rejects a rule id that is not slug-like', () => {
    const doc = validDocument();
    doc.displayRules[0].id = 'Spring Sale';
    expect(errorsOf(doc)).toEqual([{ field: 'displayRules.0.id', message: 'must be lowercase letters and digits, separated by single hyphens' }]);
  });

  it('rejects an unknown rule action and a rule that targets nothing', () => {
    const doc = validDocument() as unknown as { displayRules: Record<string, unknown>[] };
    doc.displayRules[0].action = 'promote';
    delete doc.displayRules[1].tierGroup;
    expect(errorsOf(doc)).toEqual([
      { field: 'displayRules.0.action', message: 'must be one of "feature", "hide", "show"' },
      { field: 'displayRules.1.packageIds', message: 'must name a package when tierGroup is not set' },
    ]);
  });

  it('rejects more than 100 display rules', () => {
    const doc = validDocument();
    doc.displayRules = Array.from({ length: 101 }, (_, i) => ({
      id: `r${i}`,
      from: '2027-01-01',
      to: '2027-01-02',
      packageIds: [CLASSIC],
      action: 'hide' as const,
    }));
    expect(errorsOf(doc)).toEqual([{ field: 'displayRules', message: 'must NOT have more than 100 items' }]);
  });

  it('rejects package keys and package ids that are not lowercase UUIDs', () => {
    const doc = validDocument();
    doc.packages['classic'] = { visible: true, order: 0, featured: false, customDescription: null };
    doc.displayRules[0].packageIds = [PREMIUM.toUpperCase()];
    expect(errorsOf(doc)).toEqual([
      { field: 'displayRules.0.packageIds.0', message: 'must be a lowercase UUID' },
      { field: 'packages.classic', message: 'must be keyed by a package id (a lowercase UUID)' },
    ]);
  });

  it('rejects a custom description over 2000 characters', () => {
    const doc = validDocument();
    doc.packages[CLASSIC].customDescription = 'x'.repeat(2001);
    expect(errorsOf(doc)).toEqual([{ field: `packages.${CLASSIC}.customDescription`, message: 'must NOT have more than 2000 characters' }]);
  });

  it('rejects a widget section that is unknown or repeated', () => {
    const doc = validDocument() as unknown as { widget: { sections: string[] } };
    doc.widget.sections = ['packages', 'gallery', 'packages'];
    expect(errorsOf(doc)).toEqual([
      { field: 'widget.sections.1', message: 'must be one of "packages", "calendar", "checkout"' },
      { field: 'widget.sections', message: 'must not repeat an item (items 0 and 2 are equal)' },
    ]);
  });

  it('takes the sites that may frame the widget as bare origins, each once, and any site by default', () => {
    const widget = (embedOrigins: unknown) => ({ ...defaultConfig(), widget: { ...defaultConfig().widget, embedOrigins } });
    expect(defaultConfig().widget.embedOrigins).toEqual([]);
    expect(validateConfig(widget(['https://weddings.example.com', 'http://localhost:8080'])).ok).toBe(true);
    const message = 'must be an origin: http(s)://host with an optional :port, no path or trailing slash';
    expect(errorsOf(widget(['https://weddings.example.com/']))).toEqual([{ field: 'widget.embedOrigins.0', message }]);
    expect(errorsOf(widget(['https://a.example/book']))).toEqual([{ field: 'widget.embedOrigins.0', message }]);
    expect(errorsOf(widget(['weddings.example.com']))).toEqual([{ field: 'widget.embedOrigins.0', message }]);
    expect(errorsOf(widget(["https://a.example 'unsafe-inline'"]))).toEqual([{ field: 'widget.embedOrigins.0', message }]);
    expect(errorsOf(widget(['https://a.example', 'https://a.example']))).toEqual([
      { field: 'widget.embedOrigins', message: 'must not repeat an item (items 0 and 1 are equal)' },
    ]);
  });

  it('reports every problem at once', () => {
    const doc = validDocument();
    doc.branding.primaryColor = 'red';
    doc.displayRules[1].id = 'spring';
    doc.displayRules[0].to = '2027-01-01';
    expect(errorsOf(doc).map((e) => e.field)).toEqual(['branding.primaryColor', 'displayRules.0.to', 'displayRules.1.id']);
  });

  it('rejects values JSON cannot carry', () => {
    const doc = validDocument() as unknown as { packages: Record<string, Record<string, unknown>> };
    doc.packages[CLASSIC].order = Number.NaN;
    expect(errorsOf(doc)).toEqual([{ field: `packages.${CLASSIC}.order`, message: 'must be a finite number' }]);
  });

  it('rejects a "__proto__" key as an unknown field without touching any prototype', () => {
    const input = JSON.parse('{"schemaVersion":1,"branding":{"__proto__":{"polluted":true}}}');
    expect(errorsOf(input)).toEqual([{ field: 'branding.__proto__', message: 'is not a known field' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe(migrateConfig.name, () => {
  it('returns a version 1 document as it is', () => {
    const doc = { ...defaultConfig() };
    expect(migrateConfig(doc)).toBe(doc);
  });

  it('refuses a version it does not know', () => {
    expect(() => migrateConfig({ schemaVersion: 2 })).toThrow(RangeError);
  });
});

describe('configDocumentSchema', () => {
  it('is usable by a plain JSON Schema validator without the custom checks', () => {
    const validate = new Ajv({ strict: false, validateFormats: false }).compile(configDocumentSchema);
    expect(validate(defaultConfig())).toBe(true);
  });
});
