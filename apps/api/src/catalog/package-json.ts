import type { DisplayedPackage } from './catalog-display';

/** Characters JSON.stringify escapes in a string: `"`, `\`, controls, and UTF-16 surrogates (when unpaired). */
// eslint-disable-next-line no-control-regex -- matching the control characters is the point: JSON escapes them.
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify(value) for a string or null, without its per-call cost for the common plain string. */
function str(value: string | null): string {
  return value === null || NEEDS_ESCAPING.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/**
 * A displayed package as PackageDto JSON text, byte for byte what JSON.stringify(PackageDto) gives, with
 * the add-ons' JSON (built by PostgreSQL) spliced in as it is rather than parsed and serialised again.
 */
export function packageJson({ pkg, featured, description }: DisplayedPackage, currency: string): string {
  return (
    `{"id":${str(pkg.id)},"slug":${str(pkg.slug)},"name":${str(pkg.name)},"description":${str(description)}` +
    `,"basePriceCents":${JSON.stringify(pkg.basePriceCents)},"currency":${str(currency)},"tier":${str(pkg.tier)}` +
    `,"photoUrl":${str(pkg.photoUrl)},"featured":${featured},"addOns":${pkg.addOnsJson}}`
  );
}

/** PackageDto[] as JSON text (see packageJson). */
export function packageListJson(packages: readonly DisplayedPackage[], currency: string): string {
  let json = '[';
  for (let i = 0; i < packages.length; i++) json += (i === 0 ? '' : ',') + packageJson(packages[i], currency);
  return json + ']';
}
