import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CalendarAuthError, CurrentTenant } from '@mais/domain';
import { CalendarSettingsService, CalendarSyncService, calendarSyncIntervalMs } from '@mais/calendar';
import { JobFailure, JobHandlers, JobScheduler, JobsProcessor, UnrecoverableJobError } from '@mais/jobs';
import { Settings } from '@mais/settings';
import { JobProcessor } from '../job-processor';

/** Retry delay of the schedule check at start when the queue is not reachable yet. */
const SCHEDULE_RETRY_MS = 30_000;

/** The job scheduler of the check below; every worker upserts the same one, so it runs once per interval between them. */
export const CALENDAR_SCHEDULES_CHECK = 'calendar-ensure-schedules';

/**
 * The `calendar` queue: a tenant's freeBusy sync and its bookings' events. Credentials Google rejects
 * fail the job at once (the service has marked the calendar FAILING with the reason); other failures
 * are retried, and after the last attempt their reason is recorded on the settings too.
 *
 * Schedules: each configured tenant has its own BullMQ job scheduler (`calendar-sync.<tenantId>`, every
 * 15 minutes by default), created when its settings are saved. At start the worker upserts every
 * configured tenant's schedule again (a no-op for one that exists), and on Redis a job scheduler of its
 * own repeats that every interval (`calendar.ensure-schedules`, once per interval for all workers):
 * schedules live in Redis and may be lost (or were not created while Redis was down).
 */
@Injectable()
@JobsProcessor('calendar')
export class CalendarProcessor extends JobProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(CalendarProcessor.name);

  constructor(
    private readonly tenant: CurrentTenant,
    private readonly sync: CalendarSyncService,
    private readonly calendarSettings: CalendarSettingsService,
    private readonly settings: Settings,
    private readonly scheduler: JobScheduler,
  ) {
    super();
  }

  handlers(): JobHandlers {
    return {
      'calendar.ensure-schedules': async () => {
        const count = await this.calendarSettings.scheduleAllTenants();
        this.logger.log(`Calendar sync scheduled for ${count} tenant(s)`);
      },
      'calendar.sync': ({ tenantId }) => this.tenant.run(tenantId, () => unrecoverableOnAuth(this.sync.sync())),
      'calendar.upsert-event': ({ tenantId, bookingId }) => this.tenant.run(tenantId, () => unrecoverableOnAuth(this.sync.addBookingEvent(bookingId))),
      'calendar.delete-event': ({ tenantId, bookingId }) => this.tenant.run(tenantId, () => unrecoverableOnAuth(this.sync.removeBookingEvent(bookingId))),
    };
  }

  override async onFinalFailure(failure: JobFailure): Promise<void> {
    if (failure.error.cause instanceof CalendarAuthError) return; // recorded by the service, with the stale-settings check
    if (failure.name !== 'calendar.sync' && failure.name !== 'calendar.upsert-event' && failure.name !== 'calendar.delete-event') return;
    const { tenantId } = failure.payload;
    const what = failure.name === 'calendar.sync' ? 'Sync' : failure.name === 'calendar.upsert-event' ? 'Adding a booking event' : 'Deleting a booking event';
    const reason = `${what} failed after ${failure.meta.attempt} attempts: ${failure.error.message}`;
    await this.tenant.run(tenantId, () => this.sync.recordFailure(reason));
  }

  onApplicationBootstrap(): void {
    this.setUpInBackground('check the calendar sync schedules', SCHEDULE_RETRY_MS, async () => {
      // Now, not at the scheduler's next run: an existing scheduler keeps its timing, and this worker may follow a flush.
      const count = await this.calendarSettings.scheduleAllTenants();
      this.logger.log(`Calendar sync scheduled for ${count} tenant(s)`);
      // In-process schedules are timers of this very process: nothing to repair later (and an upsert there runs the job).
      if (this.settings.redisUrl) {
        await this.scheduler.upsertSchedule(CALENDAR_SCHEDULES_CHECK, 'calendar.ensure-schedules', {}, calendarSyncIntervalMs());
      }
    });
  }
}

async function unrecoverableOnAuth(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (error instanceof CalendarAuthError) throw new UnrecoverableJobError(error.message, { cause: error });
    throw error;
  }
}
