import { Module } from '@nestjs/common';
import { BookingModule } from '@mais/domain';
import { CalendarProcessor } from './calendar/calendar.processor';
import { EmailsProcessor } from './emails/emails.processor';
import { JOB_PROCESSORS, JobProcessor } from './job-processor';
import { WorkerBootstrap } from './worker.bootstrap';
import { WebhooksProcessor } from './webhooks/webhooks.processor';
import { TenantWebhooksProcessor } from './tenant-webhooks/tenant-webhooks.processor';
import { TenantWebhooksModule } from '@mais/tenant-webhooks';
import { CalendarModule } from '@mais/calendar';
import { NotificationsModule } from '@mais/notifications';

/** Processor classes; each one is listed here and in the JOB_PROCESSORS factory below. */
const PROCESSORS: (new (...args: never[]) => JobProcessor)[] = [EmailsProcessor, CalendarProcessor, WebhooksProcessor, TenantWebhooksProcessor];

/**
 * The job processors and their start-up. Imported by the worker process, and by `npm start`'s single
 * process next to the API. Needs JobsModule.forRoot({ consume: true }) and the shared service modules.
 */
@Module({
  imports: [BookingModule, NotificationsModule, CalendarModule, TenantWebhooksModule],
  providers: [...PROCESSORS, { provide: JOB_PROCESSORS, inject: PROCESSORS, useFactory: (...processors: JobProcessor[]) => processors }, WorkerBootstrap],
})
export class WorkerModule {}
