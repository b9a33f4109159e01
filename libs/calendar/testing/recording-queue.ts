import { EnqueueOptions, JobName, JobPayloads, JobQueue } from '@mais/domain';
import { JobQueueUnavailableError, JobScheduler } from '@mais/jobs';

/**
 * Records jobs and schedules instead of queueing them, for the calendar services' specs (the queues
 * themselves are tested against Redis in @mais/jobs); `down` makes it fail like Redis being away.
 */
export class RecordingQueue extends JobQueue implements JobScheduler {
  readonly jobs: Array<{ name: JobName; payload: unknown; options?: EnqueueOptions }> = [];
  readonly schedules = new Map<string, { name: JobName; payload: unknown; everyMs: number }>();
  down = false;

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: EnqueueOptions): Promise<void> {
    if (this.down) throw new JobQueueUnavailableError('Redis is unreachable');
    this.jobs.push({ name, payload, options });
  }

  async upsertSchedule<N extends JobName>(scheduleId: string, name: N, payload: JobPayloads[N], everyMs: number): Promise<void> {
    if (this.down) throw new JobQueueUnavailableError('Redis is unreachable');
    this.schedules.set(scheduleId, { name, payload, everyMs });
  }

  async removeSchedule(_name: JobName, scheduleId: string): Promise<void> {
    if (this.down) throw new JobQueueUnavailableError('Redis is unreachable');
    this.schedules.delete(scheduleId);
  }

  reset(): void {
    this.jobs.length = 0;
    this.schedules.clear();
    this.down = false;
  }
}
