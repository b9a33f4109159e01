// Builds MAIS when dist/ is stale, by the same rule as `npm start` (scripts/build.mjs).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildIsStale as stale, ROOT, runBuild } from '../../scripts/build.mjs';

export { ROOT };
export const API_ENTRY = join(ROOT, 'dist/apps/api/src/main.js');
export const CLI_ENTRY = join(ROOT, 'dist/apps/cli/src/main.js');
export const MIGRATE_ENTRY = join(ROOT, 'dist/libs/database/src/cli/migrate.js');

export function buildIsStale() {
  return stale(['dist/apps/api/src/main.js', 'dist/apps/cli/src/main.js', 'dist/libs/database/src/cli/migrate.js']);
}

/**
 * `npm run build` when stale (BENCH_SKIP_BUILD=1 uses dist/ as it is). Returns the seconds it took, 0 when
 * nothing was built; throws when the build fails, since timing an older build would mislead.
 */
export function ensureBuild({ log = console.log } = {}) {
  if (process.env.BENCH_SKIP_BUILD === '1') {
    if (!existsSync(API_ENTRY)) throw new Error('BENCH_SKIP_BUILD=1 but dist/ has no build: run npm run build');
    log('Using dist/ as it is (BENCH_SKIP_BUILD=1).');
    return 0;
  }
  if (!buildIsStale()) return 0;
  log('Building MAIS (dist/ is missing or older than the sources)…');
  const build = runBuild();
  if (!build.ok) throw new Error(`npm run build failed (exit ${build.status}); fix it or set BENCH_SKIP_BUILD=1 to time the existing dist/`);
  return build.seconds;
}
