#!/usr/bin/env node
// Runs a compiled entry point, building first when dist/ is missing (so `npm run cli` and
// `npm run db:migrate` work straight after `npm ci`).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (!existsSync(join(root, entry))) {
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const run = spawnSync(process.execPath, [join(root, entry), ...args], { cwd: process.cwd(), stdio: 'inherit' });
process.exit(run.status ?? 1);
