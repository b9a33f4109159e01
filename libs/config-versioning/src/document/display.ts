import { isCalendarDate } from '@mais/domain';
import type { ConfigDocument, DisplayRule, PackageDisplaySettings } from './config-document.schema';

/** What the catalog view needs of a package. */
export interface CatalogPackage {
  id: string;
  name: string;
  description: string;
  basePriceCents: number;
  tier: string | null;
}

/**
 * A package as the public catalog shows it: the package given, unchanged, with the description to show
 * (the config's custom one or its own), whether it is featured and its 0-based position in the view.
 */
export interface DisplayedPackage<P extends CatalogPackage> {
  pkg: P;
  description: string;
  featured: boolean;
  displayOrder: number;
}

// Numeric collation so "Package 10" follows "Package 9"; code-unit and id comparisons break any tie.
const collator = new Intl.Collator('en', { numeric: true });

/** Whether `today` (YYYY-MM-DD) falls in the rule's [from, to], both ends inclusive. */
export function isRuleActive(rule: Pick<DisplayRule, 'from' | 'to'>, today: string): boolean {
  return rule.from <= today && today <= rule.to;
}

/** The display rules active on `today`, in the order they are applied. */
export function activeRules(config: ConfigDocument, today: string): DisplayRule[] {
  assertCalendarDate(today);
  return config.displayRules.filter((rule) => isRuleActive(rule, today));
}

/**
 * The public catalog view of `packages` under `config` on `today` (the tenant's date, YYYY-MM-DD):
 * packages hidden by their settings are left out; rules active today are applied in order (`hide` leaves
 * a package out, `show` brings it back, `feature` marks it featured); a custom description replaces the
 * package's own. Order: by tier when `display.groupByTier`, then packages with settings by `order`, then
 * those without; ties by name, then id. The input array and its packages are not mutated.
 */
export function applyConfigToCatalog<P extends CatalogPackage>(packages: readonly P[], config: ConfigDocument, today: string): DisplayedPackage<P>[] {
  const rules = activeRules(config, today);
  const shown: { pkg: P; settings: PackageDisplaySettings | undefined; featured: boolean }[] = [];

  for (const pkg of packages) {
    const settings = Object.hasOwn(config.packages, pkg.id) ? config.packages[pkg.id] : undefined;
    let visible = settings?.visible ?? true;
    let featured = settings?.featured ?? false;
    for (const rule of rules) {
      if (!ruleTargets(rule, pkg)) continue;
      if (rule.action === 'hide') visible = false;
      else if (rule.action === 'show') visible = true;
      else featured = true;
    }
    if (visible) shown.push({ pkg, settings, featured });
  }

  const byTier = config.display.groupByTier ? tierComparator(config.display.tierOrder) : () => 0;
  shown.sort(
    (a, b) =>
      byTier(a.pkg.tier, b.pkg.tier) ||
      compareSettings(a.settings, b.settings) ||
      collator.compare(a.pkg.name, b.pkg.name) ||
      compareCodeUnits(a.pkg.name, b.pkg.name) ||
      compareCodeUnits(a.pkg.id, b.pkg.id),
  );

  // Wrapped, not spread: copying each package with its description replaced cost ~30 µs per catalog.
  return shown.map(({ pkg, settings, featured }, displayOrder) => ({
    pkg,
    description: settings?.customDescription ?? pkg.description,
    featured,
    displayOrder,
  }));
}

function ruleTargets(rule: DisplayRule, pkg: CatalogPackage): boolean {
  return rule.packageIds.includes(pkg.id) || (rule.tierGroup !== undefined && rule.tierGroup === pkg.tier);
}

/** Packages with settings first, by `order`; then those without. */
function compareSettings(a: PackageDisplaySettings | undefined, b: PackageDisplaySettings | undefined): number {
  if (a && b) return a.order - b.order;
  if (a) return -1;
  if (b) return 1;
  return 0;
}

/** Listed tiers in `tierOrder`, then unlisted tiers by name, then packages without a tier. */
function tierComparator(tierOrder: readonly string[]): (a: string | null, b: string | null) => number {
  const rank = (tier: string | null) => {
    if (tier === null) return Number.MAX_SAFE_INTEGER;
    const index = tierOrder.indexOf(tier);
    return index === -1 ? tierOrder.length : index;
  };
  return (a, b) => {
    const byRank = rank(a) - rank(b);
    if (byRank !== 0 || a === null || b === null) return byRank;
    return collator.compare(a, b) || compareCodeUnits(a, b);
  };
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function assertCalendarDate(today: string): void {
  if (!isCalendarDate(today)) throw new RangeError(`today must be a date YYYY-MM-DD, got ${JSON.stringify(today)}`);
}
