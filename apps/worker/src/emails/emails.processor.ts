import { Injectable } from '@nestjs/common';
import { CurrentTenant, DomainError, PermanentEmailError } from '@mais/domain';
import { JobHandlers, JobsProcessor, UnrecoverableJobError } from '@mais/jobs';
import { BookingNotificationService } from '@mais/notifications';
import { JobProcessor } from '../job-processor';

/**
 * The `emails` queue: one templated email about a booking (or a refunded payment) to its recipients.
 * Sending twice is prevented by the service's delivery records; here only the retry policy is decided:
 * a message Postmark refuses for good (inactive recipient, invalid address) or a payload that can never
 * work fails at once; everything else (network, 5xx, 429, a booking not committed yet) is retried.
 */
@Injectable()
@JobsProcessor('emails')
export class EmailsProcessor extends JobProcessor {
  constructor(
    private readonly tenant: CurrentTenant,
    private readonly notifications: BookingNotificationService,
  ) {
    super();
  }

  handlers(): JobHandlers {
    return {
      'emails.send': ({ tenantId, template, bookingId, bookingFailureId, webhookEndpointId, withTenantNotice }) =>
        this.tenant.run(tenantId, async () => {
          try {
            await this.notifications.send({ template, bookingId, bookingFailureId, webhookEndpointId, withTenantNotice });
          } catch (error) {
            if (error instanceof PermanentEmailError || (error instanceof DomainError && error.code === 'VALIDATION_FAILED')) {
              throw new UnrecoverableJobError(error.message, { cause: error });
            }
            throw error;
          }
        }),
    };
  }
}
