import { Global, Module } from '@nestjs/common';
import { TenantEvents } from '../events/tenant-events';
import { JobOutbox } from './job-outbox';

/**
 * The transactional outbox (ADR 0014) and the tenant events recorded through it: infrastructure every library that
 * writes records its follow-up jobs with (bookings, config versions, webhook endpoints), so global. Needs MikroORM,
 * CurrentTenant and JobQueue, which the runtime provides.
 */
@Global()
@Module({ providers: [JobOutbox, TenantEvents], exports: [JobOutbox, TenantEvents] })
export class OutboxModule {}
