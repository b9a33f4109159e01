// When to build, and building: one rule for npm start, npm run cli/db:migrate and the benchmarks.
// dist/ is stale when an entry point or the front-end build is missing, or a non-spec source under apps/, libs/ or web/ (test/ folders
// aside) is newer than dist/.build-stamp.
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(ROOT, 'dist/.build-stamp');

function newestSource(dir) {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    if (item.name === 'node_modules' || item.name === 'test') continue;
    const path = join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|tsx|css|mts)$/.test(item.name) && !item.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Whether `entries` (paths relative to the repository) need a build first. */
export function buildIsStale(entries = []) {
  const built = [...entries, 'dist/web/app/.vite/manifest.json', 'dist/web/embed/embed.js'].map((entry) => join(ROOT, entry));
  if (![...built, STAMP].every((file) => existsSync(file))) return true;
  return Math.max(newestSource(join(ROOT, 'apps')), newestSource(join(ROOT, 'libs')), newestSource(join(ROOT, 'web'))) > statSync(STAMP).mtimeMs;
}

/** `npm run build`, then the stamp; returns whether it succeeded and how long it took. */
export function runBuild({ stdio = 'inherit' } = {}) {
  const started = Date.now();
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio });
  if (build.status !== 0) return { ok: false, status: build.status ?? 1, seconds: (Date.now() - started) / 1000 };
  // Stamped with the build's start, so a source saved while tsc ran still counts as newer.
  writeFileSync(STAMP, new Date(started).toISOString());
  utimesSync(STAMP, new Date(started), new Date(started));
  return { ok: true, status: 0, seconds: (Date.now() - started) / 1000 };
}

/**
 * Whether dist/web (the widget's build, `npm run build:web`) is older than its sources: web/ and the
 * library files the browser bundle imports by path.
 */
export function webBuildIsStale() {
  const manifest = join(ROOT, 'dist/web/app/.vite/manifest.json');
  if (!existsSync(manifest) || !existsSync(join(ROOT, 'dist/web/embed/embed.js'))) return true;
  const sources = ['web', 'libs/config-versioning/src/document', 'libs/domain/src/common', 'apps/api/src/web'];
  return Math.max(...sources.map((dir) => newestSource(join(ROOT, dir)))) > statSync(manifest).mtimeMs;
}
