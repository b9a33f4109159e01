import type { ActivePackage } from '@mais/domain';
import type { AddOnDto, PackageDto } from './package.dto';
import { packageJson, packageListJson } from './package-json';

const TRICKY = [
  'plain',
  '',
  'quote " and backslash \\ and slash /',
  'tab \t newline \n return \r bell \u0007 nul \u0000 unit \u001f del \u007f',
  'accents é ü, CJK 中文, emoji 😀, separators \u2028\u2029',
  'unpaired surrogates \ud83d and \ude00',
  '<script>alert("x")</script>',
];

function dtoOf(pkg: ActivePackage, addOns: AddOnDto[], currency: string, featured: boolean, description: string): PackageDto {
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
    addOns,
  };
}

describe('packageJson', () => {
  const addOns: AddOnDto[] = [{ id: 'a1', slug: 'cake', name: 'Cake "x"', description: 'Three\ntiers', priceCents: 2000, photoUrl: null }];

  it.each(TRICKY)('writes exactly what JSON.stringify(PackageDto) writes, for %j', (text) => {
    for (const [tier, photoUrl, featured] of [
      [null, null, false],
      [text, `https://img.test/${text}`, true],
    ] as const) {
      const pkg: ActivePackage = {
        id: '6f1c3a52-0d0e-4cab-b361-fc568130e566',
        slug: 'classic',
        name: text,
        description: `own ${text}`,
        basePriceCents: 250000,
        tier,
        photoUrl,
        addOnsJson: JSON.stringify(addOns),
      };
      expect(packageJson({ pkg, featured, description: text, displayOrder: 0 }, 'usd')).toBe(JSON.stringify(dtoOf(pkg, addOns, 'usd', featured, text)));
    }
  });

  it('writes a list as the JSON array of its packages', () => {
    const pkg = (id: string): ActivePackage => ({ id, slug: id, name: id, description: '', basePriceCents: 1, tier: null, photoUrl: null, addOnsJson: '[]' });
    const shown = ['p1', 'p2', 'p3'].map((id, displayOrder) => ({ pkg: pkg(id), featured: id === 'p2', description: `d ${id}`, displayOrder }));
    expect(packageListJson(shown, 'eur')).toBe(JSON.stringify(shown.map((s) => dtoOf(s.pkg, [], 'eur', s.featured, s.description))));
    expect(packageListJson([], 'eur')).toBe('[]');
  });
});
