#!/usr/bin/env node
// Runs a compiled entry point, building first when dist/ is missing or older than the sources (so
// `npm run cli` and `npm run db:migrate` work straight after `npm ci`, and never run stale code).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildIsStale, ROOT, runBuild } from './build.mjs';

const [entry, ...args] = process.argv.slice(2);
if (buildIsStale([entry])) {
  // Build output goes to stderr: with --json, stdout must hold only the command's answer.
  const build = runBuild({ stdio: ['ignore', process.stderr, 'inherit'] });
  if (!build.ok) process.exit(build.status);
}
const run = spawnSync(process.execPath, [join(ROOT, entry), ...args], { cwd: process.cwd(), stdio: 'inherit' });
process.exit(run.status ?? 1);
