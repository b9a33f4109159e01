// Starting MAIS for a benchmark: the production build, with exactly the settings given (nothing from the
// caller's shell leaks in). Shared by run-all.mjs and widget.mjs.
import { API_ENTRY, ROOT } from './build.mjs';
import { freePort, startServer } from './process.mjs';

/** A platform admin that benchmarks may log in as (it reads /health/cache). */
export const BENCH_ADMIN = { email: 'bench-ops@mais.local', password: 'Bench-Ops-Pass-2026' };

/**
 * The API in production mode on a free port: simulated payments (production takes them only when told),
 * `data`'s database and secrets, Redis at `redisUrl` under its own key prefix (nothing is flushed; the caller
 * deletes its prefix at the end).
 */
export async function startMais({ data, redisUrl, redisPrefix, cacheEnabled = true, nodeOptions = [] }) {
  const port = await freePort();
  return startServer({
    name: `MAIS (CACHE_ENABLED=${cacheEnabled})`,
    args: [...nodeOptions, API_ENTRY],
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      SIMULATED_PAYMENTS: 'true',
      DATABASE_URL: data.databaseUrl,
      REDIS_URL: redisUrl,
      ...data.secrets,
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      CACHE_ENABLED: String(cacheEnabled),
      QUEUE_PREFIX: redisPrefix,
      PLATFORM_ADMIN_EMAIL: BENCH_ADMIN.email,
      PLATFORM_ADMIN_PASSWORD: BENCH_ADMIN.password,
    },
    inheritEnv: false,
    port,
  });
}
