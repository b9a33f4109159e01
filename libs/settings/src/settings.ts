import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The process's validated configuration, read once from the environment. It doubles as the DI token.
 * In production every required variable must be present and well-formed, or boot stops with a
 * one-line message naming it; elsewhere missing secrets are generated once and kept under .data/.
 */
export class Settings {
  readonly nodeEnv: string;
  readonly isProduction: boolean;
  readonly isTest: boolean;
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  /** Undefined outside production means: use the embedded PostgreSQL under .data/. */
  readonly databaseUrl: string | undefined;
  /** Undefined means: in-process jobs, in-memory cache and rate limits. */
  readonly redisUrl: string | undefined;
  readonly jwtSecret: string;
  readonly jwtExpiresInSeconds: number;
  readonly tenantSecretsEncryptionKey: Buffer;
  readonly corsOrigins: string[];
  readonly stripeSecretKey: string | undefined;
  /**
   * No Stripe key: checkouts open the local Pay page and the dev checkout routes exist. The default outside
   * production; in production only on SIMULATED_PAYMENTS=true, logged as a warning at every boot.
   */
  readonly simulatedPayments: boolean;
  readonly stripeWebhookSecret: string;
  /** The signing secret of a separate Connect webhook endpoint, when Stripe sends Connect events to a second one. */
  readonly stripeConnectWebhookSecret: string | undefined;
  /** The kind of connected account onboarding creates. */
  readonly stripeConnectAccountType: 'express' | 'standard' | 'custom';
  readonly stripeApiUrl: string | undefined;
  readonly checkoutExpiryMinutes: number;
  readonly postmarkServerToken: string | undefined;
  readonly postmarkFromEmail: string;
  readonly postmarkApiUrl: string | undefined;
  readonly googleApiUrl: string | undefined;
  readonly platformAdminEmail: string | undefined;
  readonly platformAdminPassword: string | undefined;
  readonly logLevel: string;
  readonly cacheEnabled: boolean;
  /** With Redis: most bytes of cache entries each process keeps a checked local copy of (0: none). */
  readonly cacheLocalCopyBytes: number;
  readonly bodyLimitBytes: number;
  readonly agentRateLimitPerMinute: number;
  /**
   * Which proxies' X-Forwarded-For to believe when naming the client's address (rate limits, logs): false
   * (none, the default), a number of hops, or a list of addresses/CIDRs. Believing an untrusted header would
   * let any client pick its own address.
   */
  readonly trustProxy: false | number | string[];
  /** Checkout holds one tenant accepts per hour from one client address, and for one customer email. */
  readonly holdsPerClientPerHour: number;
  readonly holdsPerEmailPerHour: number;
  /** Whether /docs serves Swagger UI (the OpenAPI document at /docs-json is always served, for agents). */
  readonly docsUi: boolean;
  readonly dataDir: string;
  /** BullMQ key prefix (tests use a unique one per suite). */
  readonly queuePrefix: string;
  /** Overrides every queue's exponential backoff base (tests use a few ms). */
  readonly jobBackoffBaseMs: number | undefined;
  /** How long a worker owns an active job before another may take it over (after a crash). */
  readonly jobLockDurationMs: number;
  /** How often workers look for jobs whose owner died. */
  readonly jobStalledIntervalMs: number;
  /** How often stored webhook events still PENDING are re-enqueued. */
  readonly webhookSweepIntervalMs: number;
  /** Per-queue number of jobs one worker process runs at once (JOB_CONCURRENCY_<QUEUE>); unset queues keep their default. */
  readonly jobConcurrency: { webhooks?: number; emails?: number; calendar?: number; 'tenant-webhooks'?: number };
  /** Attempts of one delivery to a tenant's webhook endpoint (WEBHOOK_DELIVERY_ATTEMPTS); undefined: the queue's 12. */
  readonly webhookDeliveryAttempts: number | undefined;
  /** How long one delivery may take, connection to last byte read. */
  readonly webhookDeliveryTimeoutMs: number;
  /**
   * Which webhook endpoint URLs tenants may register (WEBHOOK_URLS): `strict` (https only, public addresses
   * only; always in production) or `local` (also http and loopback, for `npm start` and tests; never private ranges).
   */
  readonly webhookUrlPolicy: 'strict' | 'local';
  /** Bearer token for GET /metrics; required for it in production (without it the route answers 404 there). */
  readonly metricsToken: string | undefined;
  /** Port of the worker process's own metrics listener; undefined: none. */
  readonly metricsPort: number | undefined;

  constructor(values: Omit<Settings, never>) {
    Object.assign(this, values);
  }
}

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

type Env = Record<string, string | undefined>;

const HEX_KEY = /^[0-9a-fA-F]{64}$/;

export function loadSettings(env: Env = process.env): Settings {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const isProduction = nodeEnv === 'production';
  const dataDir = resolve(env.DATA_DIR ?? '.data');
  const port = integer(env, 'PORT', 3000, 1, 65535);

  const required = (name: string, check: (v: string) => boolean, hint: string, devDefault: () => string): string => {
    const value = env[name]?.trim();
    if (value && check(value)) return value;
    if (isProduction || value) {
      throw new SettingsError(value ? `${name} is malformed: ${hint}` : `${name} is required in production: ${hint}`);
    }
    return devDefault();
  };

  const databaseUrl = optionalUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  if (isProduction && !databaseUrl) throw new SettingsError('DATABASE_URL is required in production: a postgresql:// URL');
  const redisUrl = optionalUrl(env, 'REDIS_URL', ['redis:', 'rediss:']);
  if (isProduction && !redisUrl) throw new SettingsError('REDIS_URL is required in production: a redis:// URL');

  const jwtSecret = required(
    'JWT_SECRET',
    (v) => v.length >= 32,
    'at least 32 characters',
    () => generatedSecret(dataDir, 'jwtSecret', () => randomBytes(32).toString('hex')),
  );
  const encryptionKey = required(
    'TENANT_SECRETS_ENCRYPTION_KEY',
    (v) => HEX_KEY.test(v),
    '64 hexadecimal characters (32 bytes)',
    () => generatedSecret(dataDir, 'tenantSecretsEncryptionKey', () => randomBytes(32).toString('hex')),
  );
  const stripeSecretKey = env.STRIPE_SECRET_KEY?.trim() || undefined;
  const simulatedPayments = readSimulatedPayments(env, isProduction, stripeSecretKey);
  const stripeWebhookSecret =
    env.STRIPE_WEBHOOK_SECRET?.trim() ||
    (isProduction && !simulatedPayments
      ? fail('STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set')
      : // Random and kept, never derived from another secret (whoever learns one must not learn the other).
        generatedSecret(dataDir, 'stripeWebhookSecret', () => 'whsec_' + randomBytes(24).toString('hex')));

  return new Settings({
    nodeEnv,
    isProduction,
    isTest: nodeEnv === 'test',
    port,
    host: env.HOST ?? '0.0.0.0',
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    databaseUrl,
    redisUrl,
    jwtSecret,
    jwtExpiresInSeconds: integer(env, 'JWT_EXPIRES_IN_SECONDS', 8 * 3600, 60, 30 * 86400),
    tenantSecretsEncryptionKey: Buffer.from(encryptionKey, 'hex'),
    corsOrigins: (env.CORS_ORIGINS ?? (isProduction ? '' : '*'))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    stripeSecretKey,
    simulatedPayments,
    stripeWebhookSecret,
    stripeConnectWebhookSecret: env.STRIPE_CONNECT_WEBHOOK_SECRET?.trim() || undefined,
    stripeConnectAccountType: readConnectAccountType(env),
    stripeApiUrl: optionalUrl(env, 'STRIPE_API_URL', ['http:', 'https:']),
    checkoutExpiryMinutes: integer(env, 'CHECKOUT_EXPIRY_MINUTES', 30, 30, 24 * 60),
    postmarkServerToken: env.POSTMARK_SERVER_TOKEN?.trim() || undefined,
    postmarkFromEmail: env.POSTMARK_FROM_EMAIL?.trim() || 'bookings@mais.local',
    postmarkApiUrl: optionalUrl(env, 'POSTMARK_API_URL', ['http:', 'https:']),
    googleApiUrl: optionalUrl(env, 'GOOGLE_API_URL', ['http:', 'https:']),
    platformAdminEmail: env.PLATFORM_ADMIN_EMAIL?.trim() || undefined,
    platformAdminPassword: env.PLATFORM_ADMIN_PASSWORD || undefined,
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    cacheEnabled: (env.CACHE_ENABLED ?? 'true') !== 'false',
    cacheLocalCopyBytes: integer(env, 'CACHE_LOCAL_COPY_MB', 32, 0, 4096) * 1024 * 1024,
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 100 * 1024, 1024, 10 * 1024 * 1024),
    agentRateLimitPerMinute: integer(env, 'AGENT_RATE_LIMIT_PER_MINUTE', 60, 1, 100_000),
    trustProxy: readTrustProxy(env),
    holdsPerClientPerHour: integer(env, 'HOLDS_PER_CLIENT_PER_HOUR', 20, 1, 1_000_000),
    holdsPerEmailPerHour: integer(env, 'HOLDS_PER_EMAIL_PER_HOUR', 6, 1, 1_000_000),
    docsUi: boolean(env, 'DOCS_UI', !isProduction),
    dataDir,
    queuePrefix: env.QUEUE_PREFIX?.trim() || 'mais',
    jobBackoffBaseMs: env.JOB_BACKOFF_BASE_MS ? integer(env, 'JOB_BACKOFF_BASE_MS', 1000, 1, 600_000) : undefined,
    jobLockDurationMs: integer(env, 'JOB_LOCK_DURATION_MS', 30_000, 1_000, 600_000),
    jobStalledIntervalMs: integer(env, 'JOB_STALLED_INTERVAL_MS', 30_000, 500, 600_000),
    webhookSweepIntervalMs: integer(env, 'WEBHOOK_SWEEP_INTERVAL_MS', 60_000, 100, 3_600_000),
    jobConcurrency: {
      webhooks: optionalInteger(env, 'JOB_CONCURRENCY_WEBHOOKS', 1, 1_000),
      emails: optionalInteger(env, 'JOB_CONCURRENCY_EMAILS', 1, 1_000),
      calendar: optionalInteger(env, 'JOB_CONCURRENCY_CALENDAR', 1, 1_000),
      'tenant-webhooks': optionalInteger(env, 'JOB_CONCURRENCY_TENANT_WEBHOOKS', 1, 1_000),
    },
    webhookDeliveryAttempts: optionalInteger(env, 'WEBHOOK_DELIVERY_ATTEMPTS', 1, 20),
    webhookDeliveryTimeoutMs: integer(env, 'WEBHOOK_DELIVERY_TIMEOUT_MS', 10_000, 100, 30_000),
    webhookUrlPolicy: readWebhookUrlPolicy(env, isProduction),
    metricsToken: readMetricsToken(env),
    metricsPort: optionalInteger(env, 'METRICS_PORT', 1, 65535),
  });
}

function optionalInteger(env: Env, name: string, min: number, max: number): number | undefined {
  return env[name]?.trim() ? integer(env, name, min, min, max) : undefined;
}

function readConnectAccountType(env: Env): 'express' | 'standard' | 'custom' {
  const raw = env.STRIPE_CONNECT_ACCOUNT_TYPE?.trim() || 'express';
  if (raw !== 'express' && raw !== 'standard' && raw !== 'custom') fail('STRIPE_CONNECT_ACCOUNT_TYPE is malformed: express, standard or custom');
  return raw;
}

function readWebhookUrlPolicy(env: Env, isProduction: boolean): 'strict' | 'local' {
  const raw = env.WEBHOOK_URLS?.trim();
  if (!raw) return isProduction ? 'strict' : 'local';
  if (raw !== 'strict' && raw !== 'local') fail('WEBHOOK_URLS is malformed: strict or local');
  // Loopback and plain http in production would let a tenant make MAIS call its own internal services.
  if (raw === 'local' && isProduction) fail('WEBHOOK_URLS=local is refused in production: endpoints must be public https URLs');
  return raw;
}

function readMetricsToken(env: Env): string | undefined {
  const token = env.METRICS_TOKEN?.trim();
  if (!token) return undefined;
  // A short token is guessable by brute force over the network.
  if (token.length < 16) throw new SettingsError('METRICS_TOKEN is malformed: at least 16 characters');
  return token;
}

function fail(message: string): never {
  throw new SettingsError(message);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SettingsError(`${name} is malformed: an integer from ${min} to ${max}`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (raw !== 'true' && raw !== 'false') fail(`${name} is malformed: true or false`);
  return raw === 'true';
}

/** TRUST_PROXY: unset or `false` (trust none), a number of hops (1–10), or comma-separated addresses/CIDRs. */
function readTrustProxy(env: Env): false | number | string[] {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || raw === 'false') return false;
  if (/^\d+$/.test(raw)) return integer(env, 'TRUST_PROXY', 0, 1, 10);
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const address = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]+)(\/\d{1,3})?$/;
  if (entries.length === 0 || !entries.every((entry) => address.test(entry))) {
    fail('TRUST_PROXY is malformed: false, a number of proxy hops (1-10), or comma-separated IP addresses/CIDRs');
  }
  return entries;
}

function optionalUrl(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    if (protocols.includes(url.protocol)) return raw;
  } catch {
    // fall through to the error below
  }
  throw new SettingsError(`${name} is malformed: a ${protocols.map((p) => p.replace(':', '://')).join(' or ')} URL`);
}

/**
 * SIMULATED_PAYMENTS: `true` or `false`; unset, payments are simulated exactly when no STRIPE_SECRET_KEY is
 * set outside production. Production never simulates by default: free bookings must be a choice.
 */
function readSimulatedPayments(env: Env, isProduction: boolean, stripeSecretKey: string | undefined): boolean {
  const raw = env.SIMULATED_PAYMENTS?.trim();
  if (raw && raw !== 'true' && raw !== 'false') fail('SIMULATED_PAYMENTS is malformed: true or false');
  if (stripeSecretKey) {
    if (raw === 'true') fail('SIMULATED_PAYMENTS=true and STRIPE_SECRET_KEY exclude each other: unset one of them');
    return false;
  }
  if (raw === 'true') return true;
  if (isProduction) {
    fail('STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are required in production (or SIMULATED_PAYMENTS=true for a demo that takes no money)');
  }
  if (raw === 'false') fail('STRIPE_SECRET_KEY is required when SIMULATED_PAYMENTS=false');
  return true;
}

/** The secrets a process may generate for itself, by name, as kept in DATA_DIR/dev-secrets.json. */
interface GeneratedSecrets {
  jwtSecret?: string;
  tenantSecretsEncryptionKey?: string;
  stripeWebhookSecret?: string;
}

const generatedSecretsCache = new Map<string, GeneratedSecrets>();

/**
 * A secret that is not configured, generated once and kept in DATA_DIR so restarts keep sessions, encrypted
 * data and signatures working. Only the secrets asked for are generated (production asks at most for the
 * simulated payments' webhook secret).
 */
function generatedSecret(dataDir: string, name: keyof GeneratedSecrets, generate: () => string): string {
  const file = join(dataDir, 'dev-secrets.json');
  let secrets = generatedSecretsCache.get(file);
  if (!secrets) {
    secrets = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as GeneratedSecrets) : {};
    generatedSecretsCache.set(file, secrets);
  }
  const kept = secrets[name];
  if (kept) return kept;
  const secret = generate();
  secrets[name] = secret;
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  } catch (error) {
    delete secrets[name];
    fail(`DATA_DIR is not writable (${(error as Error).message}): it keeps the generated ${name}`);
  }
  return secret;
}
