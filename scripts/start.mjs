#!/usr/bin/env node
// `npm start`: the whole product in one process, on a machine with only Node.
// Builds when the sources changed, starts an embedded PostgreSQL under .data/ unless DATABASE_URL is set,
// then runs the API and the worker together (in-process jobs unless REDIS_URL is set).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIsStale, ROOT, runBuild } from './build.mjs';
import { freePort, startEmbeddedPostgres } from './embedded-postgres.mjs';

const dataDir = join(ROOT, '.data');
const entry = 'dist/apps/standalone/src/main.js';

if (buildIsStale([entry])) {
  console.log('Building MAIS…');
  const build = runBuild();
  if (!build.ok) process.exit(build.status);
}

let embedded;
if (!process.env.DATABASE_URL) {
  mkdirSync(dataDir, { recursive: true });
  const preferred = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329);
  const port = (await isFree(preferred)) ? preferred : await freePort();
  console.log(`Starting the embedded PostgreSQL under .data/postgres (port ${port})…`);
  embedded = await startEmbeddedPostgres({ dir: join(dataDir, 'postgres'), port, database: 'mais' });
  process.env.DATABASE_URL = embedded.url;
  // Lets `npm run cli` find this database while npm start runs.
  writeFileSync(join(dataDir, 'embedded-postgres.json'), JSON.stringify({ url: embedded.url }) + '\n');
}

const { startStandalone } = await import(join(ROOT, entry));
let app;
try {
  app = await startStandalone();
} catch (error) {
  console.error(error?.message ?? error);
  await embedded?.stop();
  process.exit(1);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: finishing active work and stopping…`);
    await app.close().catch((e) => console.error(e));
    await embedded?.stop().catch((e) => console.error(e));
    process.exit(0);
  });
}

async function isFree(port) {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
