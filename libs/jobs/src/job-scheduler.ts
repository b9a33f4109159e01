import type { JobName, JobPayloads } from '@mais/domain';

/**
 * Recurring jobs (e.g. each tenant's calendar sync every 15 minutes). Implemented by both producers:
 * BullMqJobQueue (a BullMQ job scheduler, kept in Redis across restarts; upserts from several processes
 * converge on one schedule) and InProcessJobQueue (a timer, gone on exit). Doubles as a DI token.
 */
export abstract class JobScheduler {
  /**
   * Enqueues `name` with `payload` now and then every `everyMs`, until removed; upserting an existing
   * `scheduleId` replaces its interval and payload. A run never overlaps the previous one of the same schedule.
   */
  abstract upsertSchedule<N extends JobName>(scheduleId: string, name: N, payload: JobPayloads[N], everyMs: number): Promise<void>;

  /** Stops a schedule (a run already enqueued still runs). Unknown ids are ignored. */
  abstract removeSchedule(name: JobName, scheduleId: string): Promise<void>;
}
