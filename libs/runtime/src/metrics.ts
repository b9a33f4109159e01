import { timingSafeEqual, createHash } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { Cache, JobQueue, QUEUE_NAMES } from '@mais/domain';
import { BullMqJobQueue, InProcessJobQueue, JOB_COUNT_STATES, JobRunner } from '@mais/jobs';
import { Settings } from '@mais/settings';
import { METRICS_SQL } from './metrics.queries';

/** Seconds; from a cached widget read (sub-millisecond) to a slow admin write. */
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const JOB_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds from a webhook's receipt to its processing: a quiet queue answers in tens of milliseconds, a storm's backlog in minutes. */
const LAG_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/** Shape of knex's (tarn) pool, reached through MikroORM's connection; typed here, not imported. */
interface PoolLike {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  max: number;
}

interface RequestChildren {
  count: { inc(): void };
  duration: { observe(value: number): void };
}

/**
 * The process's Prometheus metrics (prom-client), one registry per process (not the global one: tests
 * build several apps in one process). Counters on hot paths are plain prom-client children looked up by
 * label values; everything that costs a query (queue depth, pool, business figures) is read at scrape time.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'mais_http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'mais_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });
  readonly jobDuration = new Histogram({
    name: 'mais_job_duration_seconds',
    help: 'Job attempt duration by queue, job name and outcome',
    labelNames: ['queue', 'job', 'outcome'] as const,
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });
  /** Observed by the process that processed the event (so summed over workers); the gauge below reads the database. */
  readonly webhookLag = new Histogram({
    name: 'mais_webhook_processing_lag_seconds',
    help: 'Payment webhook events processed by this process: seconds from receipt to processed (booking written), by outcome',
    labelNames: ['status'] as const,
    buckets: LAG_BUCKETS,
    registers: [this.registry],
  });
  readonly jobFailures = new Counter({
    name: 'mais_job_failures_total',
    help: 'Failed job attempts by queue and job name (final: no attempt left)',
    labelNames: ['queue', 'job', 'final'] as const,
    registers: [this.registry],
  });

  /** method → route pattern → status → label children, so a request after the first of its kind allocates nothing. */
  private readonly requestChildren = new Map<string, Map<string, Map<number, RequestChildren>>>();

  constructor(
    private readonly settings: Settings,
    private readonly em: EntityManager,
    private readonly cache: Cache,
    private readonly queue: JobQueue,
    @Optional() @Inject(JobRunner) runner?: JobRunner,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'mais_' });
    this.registerCacheMetrics();
    this.registerQueueMetrics();
    this.registerPoolMetrics();
    // Figures read from the database describe the whole platform, not this process: only processes that run
    // jobs report them, so N API replicas do not multiply them (with N workers, aggregate with max()).
    if (runner) this.registerBusinessMetrics();
  }

  /** Counts one HTTP request; `route` must be a route pattern (bounded), never the raw URL. */
  recordRequest(method: string, route: string, status: number, seconds: number): void {
    let byRoute = this.requestChildren.get(method);
    if (!byRoute) this.requestChildren.set(method, (byRoute = new Map<string, Map<number, RequestChildren>>()));
    let byStatus = byRoute.get(route);
    if (!byStatus) byRoute.set(route, (byStatus = new Map<number, RequestChildren>()));
    let children = byStatus.get(status);
    if (!children) {
      const labels = { method, route, status: String(status) };
      children = { count: this.httpRequests.labels(labels), duration: this.httpDuration.labels(labels) };
      byStatus.set(status, children);
    }
    children.count.inc();
    children.duration.observe(seconds);
  }

  /** Whether a request may read the metrics: open in development, a Bearer token when one is configured. */
  authorize(authorization: string | undefined): 'allowed' | 'unauthorized' | 'hidden' {
    const token = this.settings.metricsToken;
    if (!token) return this.settings.isProduction ? 'hidden' : 'allowed';
    const presented = authorization?.startsWith('Bearer ') ? authorization.slice(7) : '';
    // Compare digests: equal lengths for timingSafeEqual, and no early exit revealing the token's length.
    const equal = timingSafeEqual(createHash('sha256').update(presented).digest(), createHash('sha256').update(token).digest());
    return equal ? 'allowed' : 'unauthorized';
  }

  async render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private registerCacheMetrics(): void {
    const cache = this.cache;
    // Counters whose value the cache adapter already keeps: read at scrape, nothing added to the read path.
    new Counter({
      name: 'mais_cache_requests_total',
      help: 'Read-cache lookups of this process by result',
      labelNames: ['result'] as const,
      registers: [this.registry],
      async collect() {
        const stats = await cache.stats();
        this.reset();
        this.inc({ result: 'hit' }, stats.hits);
        this.inc({ result: 'miss' }, stats.misses);
      },
    });
  }

  private registerQueueMetrics(): void {
    const queue = this.queue;
    new Gauge({
      name: 'mais_queue_jobs',
      help: 'Jobs per queue and state (queue depth: waiting + delayed)',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        if (queue instanceof BullMqJobQueue) {
          const counts = await queue.counts().catch(() => undefined);
          if (!counts) return; // Redis down: no figure rather than a failed scrape
          for (const name of QUEUE_NAMES) for (const state of JOB_COUNT_STATES) this.set({ queue: name, state }, counts[name][state]);
        } else if (queue instanceof InProcessJobQueue) {
          // One in-process queue serves every queue name.
          const counts = queue.counts();
          for (const [state, value] of Object.entries(counts) as [string, number][]) this.set({ queue: 'in-process', state }, value);
        }
      },
    });
  }

  private registerPoolMetrics(): void {
    const em = this.em;
    const pool = (): PoolLike | undefined => {
      const knex = em.getConnection().getKnex() as unknown as { client?: { pool?: PoolLike } };
      return knex.client?.pool;
    };
    new Gauge({
      name: 'mais_db_pool_connections',
      help: 'Database pool connections of this process by state (used, free, pending acquires, max)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const current = pool();
        if (!current) return;
        this.set({ state: 'used' }, current.numUsed());
        this.set({ state: 'free' }, current.numFree());
        this.set({ state: 'pending' }, current.numPendingAcquires());
        this.set({ state: 'max' }, current.max);
      },
    });
  }

  private registerBusinessMetrics(): void {
    const execute = <T extends object>(sql: string) => this.em.getConnection().execute<T[]>(sql, [], 'all');
    new Gauge({
      name: 'mais_bookings',
      help: 'Bookings in the database by status (platform-wide)',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        // platform-wide: a figure of the whole platform, read at scrape time.
        const rows = await execute<{ status: string; count: string }>(METRICS_SQL.bookingsByStatus);
        this.reset();
        for (const row of rows) this.set({ status: row.status }, Number(row.count));
      },
    });
    new Gauge({
      name: 'mais_refunds',
      help: 'Refunds issued for payments that could not become a booking (lost date, wrong amount), by reason (platform-wide)',
      labelNames: ['reason'] as const,
      registers: [this.registry],
      async collect() {
        // platform-wide: a figure of the whole platform, read at scrape time.
        const rows = await execute<{ reason: string; count: string }>(METRICS_SQL.refundsByReason);
        this.reset();
        for (const row of rows) this.set({ reason: row.reason }, Number(row.count));
      },
    });
    new Gauge({
      name: 'mais_webhook_events',
      help: 'Stored payment-provider webhook events by status (platform-wide)',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        const rows = await execute<{ status: string; count: string }>(METRICS_SQL.webhookEventsByStatus);
        this.reset();
        for (const row of rows) this.set({ status: row.status }, Number(row.count));
      },
    });
    new Gauge({
      name: 'mais_webhook_lag_seconds',
      help: 'Webhook receipt to processed (booking written): mean and max over the last 5 minutes, and the age of the oldest PENDING event',
      labelNames: ['stat'] as const,
      registers: [this.registry],
      async collect() {
        const [row] = await execute<{ mean: string | null; max: string | null; oldest: string | null }>(METRICS_SQL.webhookLag);
        this.reset();
        this.set({ stat: 'mean_5m' }, Number(row?.mean ?? 0));
        this.set({ stat: 'max_5m' }, Number(row?.max ?? 0));
        this.set({ stat: 'oldest_pending' }, Number(row?.oldest ?? 0));
      },
    });
  }
}
