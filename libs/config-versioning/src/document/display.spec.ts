import type { ConfigDocument, DisplayRule, PackageDisplaySettings } from './config-document.schema';
import { defaultConfig } from './config-document';
import { activeRules, applyConfigToCatalog, type CatalogPackage } from './display';

const ids = {
  classic: '00000000-0000-4000-8000-000000000001',
  deluxe: '00000000-0000-4000-8000-000000000002',
  elopement: '00000000-0000-4000-8000-000000000003',
  royal: '00000000-0000-4000-8000-000000000004',
};

interface TestPackage extends CatalogPackage {
  slug: string;
}

function pkg(slug: keyof typeof ids, name: string, tier: string | null = null): TestPackage {
  return { id: ids[slug], slug, name, description: `${name} description`, basePriceCents: 100_000, tier };
}

const catalog: TestPackage[] = [
  pkg('royal', 'Royal', 'gold'),
  pkg('classic', 'Classic', 'silver'),
  pkg('elopement', 'Elopement'),
  pkg('deluxe', 'Deluxe', 'gold'),
];

function settings(overrides: Partial<PackageDisplaySettings> = {}): PackageDisplaySettings {
  return { visible: true, order: 0, featured: false, customDescription: null, ...overrides };
}

function config(overrides: Partial<ConfigDocument> = {}): ConfigDocument {
  return { ...defaultConfig(), ...overrides };
}

function rule(overrides: Partial<DisplayRule> & Pick<DisplayRule, 'action'>): DisplayRule {
  return { id: 'rule', from: '2027-03-01', to: '2027-05-31', packageIds: [], ...overrides };
}

const slugs = (list: { pkg: { slug: string } }[]) => list.map((p) => p.pkg.slug);
const TODAY = '2027-04-15';

describe(applyConfigToCatalog.name, () => {
  it('shows every package by name when the config says nothing about them', () => {
    const view = applyConfigToCatalog(catalog, defaultConfig(), TODAY);
    expect(slugs(view)).toEqual(['classic', 'deluxe', 'elopement', 'royal']);
    expect(view.map((p) => [p.featured, p.displayOrder])).toEqual([
      [false, 0],
      [false, 1],
      [false, 2],
      [false, 3],
    ]);
  });

  it('leaves out packages whose settings hide them', () => {
    const view = applyConfigToCatalog(catalog, config({ packages: { [ids.deluxe]: settings({ visible: false }) } }), TODAY);
    expect(slugs(view)).toEqual(['classic', 'elopement', 'royal']);
  });

  it('orders packages with settings by order, before packages without settings', () => {
    const packages = { [ids.royal]: settings({ order: 2 }), [ids.elopement]: settings({ order: 1 }) };
    const view = applyConfigToCatalog(catalog, config({ packages }), TODAY);
    expect(slugs(view)).toEqual(['elopement', 'royal', 'classic', 'deluxe']);
    expect(view.map((p) => p.displayOrder)).toEqual([0, 1, 2, 3]);
  });

  it('breaks ties in order by name, whatever order the packages came in', () => {
    const packages = { [ids.royal]: settings({ order: 1 }), [ids.classic]: settings({ order: 1 }) };
    const forward = applyConfigToCatalog(catalog, config({ packages }), TODAY);
    const backward = applyConfigToCatalog([...catalog].reverse(), config({ packages }), TODAY);
    expect(slugs(forward)).toEqual(['classic', 'royal', 'deluxe', 'elopement']);
    expect(backward).toEqual(forward);
  });

  it('sorts names with numbers in them numerically', () => {
    const numbered = [pkg('classic', 'Package 10'), pkg('deluxe', 'Package 9')];
    expect(slugs(applyConfigToCatalog(numbered, defaultConfig(), TODAY))).toEqual(['deluxe', 'classic']);
  });

  it('marks featured packages and replaces descriptions that are customised', () => {
    const packages = {
      [ids.classic]: settings({ featured: true, customDescription: 'Our most loved day.' }),
      [ids.royal]: settings({ order: 1 }),
    };
    const [classic, royal] = applyConfigToCatalog(catalog, config({ packages }), TODAY);
    expect(classic).toMatchObject({ pkg: { slug: 'classic', description: 'Classic description' }, featured: true, description: 'Our most loved day.' });
    expect(royal).toMatchObject({ pkg: { slug: 'royal' }, featured: false, description: 'Royal description' });
  });

  it('applies a rule on its first day, its last day and the days between', () => {
    const config_ = config({ displayRules: [rule({ action: 'feature', packageIds: [ids.classic] })] });
    for (const day of ['2027-03-01', '2027-04-15', '2027-05-31']) {
      expect(applyConfigToCatalog(catalog, config_, day).find((p) => p.pkg.slug === 'classic')?.featured).toBe(true);
    }
  });

  it('does not apply a rule the day before it starts or the day after it ends', () => {
    const config_ = config({ displayRules: [rule({ action: 'hide', packageIds: [ids.classic] })] });
    for (const day of ['2027-02-28', '2027-06-01']) {
      expect(slugs(applyConfigToCatalog(catalog, config_, day))).toContain('classic');
    }
    expect(slugs(applyConfigToCatalog(catalog, config_, TODAY))).not.toContain('classic');
  });

  it('shows a package hidden by its settings while a show rule is active', () => {
    const config_ = config({
      packages: { [ids.royal]: settings({ visible: false }) },
      displayRules: [rule({ action: 'show', packageIds: [ids.royal] })],
    });
    expect(slugs(applyConfigToCatalog(catalog, config_, TODAY))).toContain('royal');
    expect(slugs(applyConfigToCatalog(catalog, config_, '2027-06-01'))).not.toContain('royal');
  });

  it('applies rules in order, so a later rule wins', () => {
    const hideThenShow = [rule({ id: 'a', action: 'hide', packageIds: [ids.classic] }), rule({ id: 'b', action: 'show', packageIds: [ids.classic] })];
    expect(slugs(applyConfigToCatalog(catalog, config({ displayRules: hideThenShow }), TODAY))).toContain('classic');
    expect(slugs(applyConfigToCatalog(catalog, config({ displayRules: [...hideThenShow].reverse() }), TODAY))).not.toContain('classic');
  });

  it('applies a rule to every package of its tier group', () => {
    const config_ = config({ displayRules: [rule({ action: 'feature', tierGroup: 'gold' })] });
    const featured = applyConfigToCatalog(catalog, config_, TODAY).filter((p) => p.featured);
    expect(slugs(featured)).toEqual(['deluxe', 'royal']);
  });

  it('groups by tier in the configured tier order when asked, with unlisted tiers next and no tier last', () => {
    const withBronze = [...catalog, { ...pkg('classic', 'Basic', 'bronze'), id: '00000000-0000-4000-8000-000000000005', slug: 'basic' }];
    const config_ = config({
      display: { groupByTier: true, tierOrder: ['gold'] },
      packages: { [ids.royal]: settings({ order: 0 }), [ids.deluxe]: settings({ order: 1 }) },
    });
    expect(slugs(applyConfigToCatalog(withBronze, config_, TODAY))).toEqual(['royal', 'deluxe', 'basic', 'classic', 'elopement']);
  });

  describe('grouped by tier', () => {
    const extra = (slug: string, name: string, tier: string | null, n: number): TestPackage => ({
      id: `00000000-0000-4000-8000-00000000001${n}`,
      slug,
      name,
      description: '',
      basePriceCents: 1,
      tier,
    });
    const wide = [...catalog, extra('basic', 'Basic', 'bronze', 0), extra('amber-day', 'Amber Day', 'amber', 1)];

    it('puts the listed tiers first in the listed order, which is not the order of names', () => {
      const grouped = config({ display: { groupByTier: true, tierOrder: ['silver', 'gold'] } });
      const ungrouped = config({ display: { groupByTier: false, tierOrder: ['silver', 'gold'] } });
      // Ungrouped: by name. Grouped: silver, gold (each by name), unlisted tiers by their name (amber, bronze), no tier last.
      expect(slugs(applyConfigToCatalog(wide, ungrouped, TODAY))).toEqual(['amber-day', 'basic', 'classic', 'deluxe', 'elopement', 'royal']);
      expect(slugs(applyConfigToCatalog(wide, grouped, TODAY))).toEqual(['classic', 'deluxe', 'royal', 'amber-day', 'basic', 'elopement']);
    });

    it('lets the tier decide before the package order: order only sorts within a tier', () => {
      const config_ = config({
        display: { groupByTier: true, tierOrder: ['silver'] },
        packages: { [ids.royal]: settings({ order: 0 }), [ids.classic]: settings({ order: 9 }) },
      });
      expect(slugs(applyConfigToCatalog(catalog, config_, TODAY))).toEqual(['classic', 'royal', 'deluxe', 'elopement']);
    });

    it('orders unlisted tiers by name even with an empty tier order, packages without a tier still last', () => {
      const config_ = config({ display: { groupByTier: true, tierOrder: [] } });
      expect(slugs(applyConfigToCatalog(wide, config_, TODAY))).toEqual(['amber-day', 'basic', 'deluxe', 'royal', 'classic', 'elopement']);
    });
  });

  it('changes neither the packages nor the config it is given', () => {
    const input = structuredClone(catalog);
    const config_ = config({ packages: { [ids.classic]: settings({ customDescription: 'New' }) } });
    const configBefore = structuredClone(config_);
    applyConfigToCatalog(input, config_, TODAY);
    expect(input).toEqual(catalog);
    expect(config_).toEqual(configBefore);
  });

  it('refuses a today that is not a calendar date', () => {
    expect(() => applyConfigToCatalog(catalog, defaultConfig(), '2027-4-15')).toThrow(RangeError);
  });
});

describe(activeRules.name, () => {
  it('returns the rules whose from and to include today, in their order', () => {
    const rules = [
      rule({ id: 'spring', action: 'feature', packageIds: [ids.classic] }),
      rule({ id: 'one-day', action: 'hide', from: TODAY, to: TODAY, packageIds: [ids.deluxe] }),
      rule({ id: 'summer', action: 'show', from: '2027-06-01', to: '2027-08-31', packageIds: [ids.royal] }),
    ];
    expect(activeRules(config({ displayRules: rules }), TODAY).map((r) => r.id)).toEqual(['spring', 'one-day']);
    expect(activeRules(config({ displayRules: rules }), '2027-04-16').map((r) => r.id)).toEqual(['spring']);
  });
});
