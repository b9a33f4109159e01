// Builds MAIS when dist/ is missing or older than the sources, with the same rule and stamp as `npm start`
// (scripts/start.mjs): newest non-spec .ts under apps/ and libs/ (test/ folders aside) vs dist/.build-stamp.
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
export const API_ENTRY = join(ROOT, 'dist/apps/api/src/main.js');
export const CLI_ENTRY = join(ROOT, 'dist/apps/cli/src/main.js');
export const MIGRATE_ENTRY = join(ROOT, 'dist/libs/database/src/cli/migrate.js');
const STAMP = join(ROOT, 'dist/.build-stamp');

function newestSource(dir) {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    if (item.name === 'node_modules' || item.name === 'test') continue;
    const path = join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (item.name.endsWith('.ts') && !item.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export function buildIsStale() {
  if (![API_ENTRY, CLI_ENTRY, MIGRATE_ENTRY, STAMP].every((file) => existsSync(file))) return true;
  return Math.max(newestSource(join(ROOT, 'apps')), newestSource(join(ROOT, 'libs'))) > statSync(STAMP).mtimeMs;
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
  const started = Date.now();
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) {
    // tsc emits despite type errors and `&&` then skips tsc-alias, leaving dist/ with unresolved @mais/*
    // imports that break every other user of dist/; resolve them so dist/ at least loads as before.
    spawnSync('npx', ['tsc-alias', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
    throw new Error(`npm run build failed (exit ${build.status ?? build.signal}); fix it or set BENCH_SKIP_BUILD=1 to time the existing dist/`);
  }
  // Stamped with the build's start, so a source saved while tsc ran still counts as newer.
  writeFileSync(STAMP, new Date(started).toISOString());
  utimesSync(STAMP, new Date(started), new Date(started));
  return (Date.now() - started) / 1000;
}
