import { Injectable } from '@nestjs/common';
import { CurrentTenant } from '@mais/domain';
import { JobHandlers, JobsProcessor } from '@mais/jobs';
import { WebhookDeliveryService } from '@mais/tenant-webhooks';
import { JobProcessor } from '../job-processor';

/** A delivery attempt that failed; the queue retries it with its backoff (1 min, 2 min … about 34 hours). */
export class DeliveryAttemptFailedError extends Error {
  constructor(deliveryId: string, reason: string) {
    super(`Delivery ${deliveryId} failed: ${reason}`);
    this.name = 'DeliveryAttemptFailedError';
  }
}

/**
 * The `tenant-webhooks` queue: the fan-out of a tenant event to its subscribed endpoints, and each delivery.
 * A failed attempt fails the job so the queue schedules the retry; the last one is recorded by the service
 * (delivery FAILED, maybe the endpoint disabled), and the job ends there.
 */
@Injectable()
@JobsProcessor('tenant-webhooks')
export class TenantWebhooksProcessor extends JobProcessor {
  constructor(
    private readonly tenant: CurrentTenant,
    private readonly deliveries: WebhookDeliveryService,
  ) {
    super();
  }

  handlers(): JobHandlers {
    return {
      'tenant-webhooks.fan-out': ({ tenantId, eventId }) =>
        this.tenant.run(tenantId, async () => {
          await this.deliveries.fanOut(eventId);
        }),
      'tenant-webhooks.deliver': ({ tenantId, deliveryId }, meta) =>
        this.tenant.run(tenantId, async () => {
          const outcome = await this.deliveries.deliver(deliveryId, { isFinalAttempt: meta.isFinalAttempt, signal: meta.signal });
          if (outcome.kind === 'retry') throw new DeliveryAttemptFailedError(deliveryId, outcome.error);
        }),
    };
  }
}
