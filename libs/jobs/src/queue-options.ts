import { QUEUE_NAMES, type QueueName } from '@mais/domain';

/** How many finished jobs a queue keeps for inspection (the dashboard); older ones are deleted. */
export interface KeepFinishedJobs {
  count: number;
  ageSeconds: number;
}

/** Retry and retention policy of one queue, shared by the BullMQ and in-process drivers. */
export interface QueueSettings {
  /** Total runs of a job, the first one included (1 = never retried). */
  attempts: number;
  /** Exponential backoff: the retry after failed attempt n waits `backoffDelayMs × 2^(n-1)`. */
  backoffDelayMs: number;
  /** Jobs of this queue one worker process runs at the same time. */
  concurrency: number;
  removeOnComplete: KeepFinishedJobs;
  removeOnFail: KeepFinishedJobs;
}

const DAY_SECONDS = 24 * 3600;

export const DEFAULT_QUEUE_SETTINGS: { readonly [Q in QueueName]: Readonly<QueueSettings> } = {
  // 2 s … 128 s: about 4 minutes of retries before the event is FAILED (dead-letter view).
  webhooks: {
    attempts: 8,
    backoffDelayMs: 2_000,
    // Also the largest batch the worker books together (ADR 0024): 64 measured 2× the bookings/s of 10 on 2 cores.
    concurrency: 64,
    removeOnComplete: { count: 1_000, ageSeconds: DAY_SECONDS },
    removeOnFail: { count: 5_000, ageSeconds: 14 * DAY_SECONDS },
  },
  // 5 s … 80 s: rides out a short Postmark outage; permanent errors fail at once (UnrecoverableJobError).
  emails: {
    attempts: 6,
    backoffDelayMs: 5_000,
    concurrency: 5,
    removeOnComplete: { count: 1_000, ageSeconds: DAY_SECONDS },
    removeOnFail: { count: 5_000, ageSeconds: 14 * DAY_SECONDS },
  },
  // 10 s … 80 s: Google quotas recover slowly; the 15-minute schedule retries the sync anyway.
  calendar: {
    attempts: 5,
    backoffDelayMs: 10_000,
    concurrency: 2,
    removeOnComplete: { count: 500, ageSeconds: DAY_SECONDS },
    removeOnFail: { count: 2_000, ageSeconds: 14 * DAY_SECONDS },
  },
  // Deliveries to tenants' endpoints: 1 min, 2 min … 17 h between the 12 attempts, about 34 hours in all, so a
  // receiver down for a day still gets every event (and an endpoint is disabled only after that; ADR 0017).
  'tenant-webhooks': {
    attempts: 12,
    backoffDelayMs: 60_000,
    concurrency: 10,
    removeOnComplete: { count: 1_000, ageSeconds: DAY_SECONDS },
    removeOnFail: { count: 5_000, ageSeconds: 14 * DAY_SECONDS },
  },
};

/** Overrides of the defaults: `all` applies to every queue, then each queue's own entry (tests: `{ all: { backoffDelayMs: 10 } }`). */
export type QueueSettingsOverrides = { all?: Partial<QueueSettings> } & { [Q in QueueName]?: Partial<QueueSettings> };

export type ResolvedQueueSettings = { readonly [Q in QueueName]: Readonly<QueueSettings> };

export function resolveQueueSettings(overrides: QueueSettingsOverrides = {}): ResolvedQueueSettings {
  const resolved = {} as { [Q in QueueName]: QueueSettings };
  for (const queue of QUEUE_NAMES) {
    const settings: QueueSettings = { ...DEFAULT_QUEUE_SETTINGS[queue], ...overrides.all, ...overrides[queue] };
    assertValidSettings(queue, settings);
    resolved[queue] = settings;
  }
  return resolved;
}

/** Delay before the retry that follows failed attempt `failedAttempt` (1-based); the same formula as BullMQ's `exponential`. */
export function exponentialBackoffDelay(backoffDelayMs: number, failedAttempt: number): number {
  return Math.round(2 ** (failedAttempt - 1) * backoffDelayMs);
}

function assertValidSettings(queue: QueueName, settings: QueueSettings): void {
  const positiveInteger = (value: number) => Number.isInteger(value) && value >= 1;
  if (!positiveInteger(settings.attempts)) throw new Error(`Queue "${queue}": attempts must be an integer ≥ 1, got ${settings.attempts}`);
  if (!positiveInteger(settings.concurrency)) {
    throw new Error(`Queue "${queue}": concurrency must be an integer ≥ 1, got ${settings.concurrency}`);
  }
  if (!(Number.isFinite(settings.backoffDelayMs) && settings.backoffDelayMs >= 0)) {
    throw new Error(`Queue "${queue}": backoffDelayMs must be ≥ 0, got ${settings.backoffDelayMs}`);
  }
}
