import { randomBytes } from 'node:crypto';
import type { DynamicModule } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { EntityManager } from '@mikro-orm/postgresql';
import { MemoryCache } from '@mais/cache';
import { DatabaseModule } from '@mais/database';
import { InProcessJobQueue } from '@mais/jobs';
import { SimulatedPaymentProvider } from '@mais/payments';
import { SettingsModule } from '@mais/settings';
import { TenancyModule, TenantScope, TenantService } from '@mais/tenancy';
import { createTestSettings } from '@mais/testing';
import { BookingModule } from '../src/booking/booking.module';
import { OutboxModule } from '../src/jobs/outbox.module';
import { CheckoutOptions } from '../src/booking/checkout-options';
import { CheckoutService } from '../src/booking/checkout.service';
import { CatalogService } from '../src/catalog/catalog.service';
import { addDays, todayIn } from '../src/common/calendar-date';
import { Cache } from '../src/ports/cache.port';
import { JobQueue } from '../src/ports/job-queue.port';
import { PaymentProvider } from '../src/ports/payment-provider.port';

/**
 * The booking pipeline's services as the apps wire them, on a fresh migrated database: real ORM, real
 * tenancy, the in-process job queue (never started, so jobs stay recorded in outbox_jobs and in memory),
 * and the simulated payment provider unless a spec gives another (a Stripe provider on FakeStripeServer).
 */
export interface BookingServices {
  moduleRef: TestingModule;
  em: EntityManager;
  scope: TenantScope;
  payments: PaymentProvider;
  get<T>(type: abstract new (...args: never[]) => T): T;
  /** A tenant with a `classic` package (10,001 cents) and its `drone` add-on (2,000 cents). */
  seedTenant(options?: { stripeAccountId?: string | null; commissionPercent?: string }): Promise<SeededBookingTenant>;
  close(): Promise<void>;
}

export interface SeededBookingTenant {
  id: string;
  stripeAccountId: string | null;
  packageId: string;
  droneId: string;
}

export async function createBookingServices(options: { payments?: PaymentProvider } = {}): Promise<BookingServices> {
  const settings = await createTestSettings();
  const payments = options.payments ?? new SimulatedPaymentProvider({ webhookSecret: 'whsec_unit', publicUrl: 'http://localhost' });
  const queue = new InProcessJobQueue();
  const moduleRef = await Test.createTestingModule({
    imports: [SettingsModule.forRoot(settings), DatabaseModule.forRoot(), TenancyModule, OutboxModule, BookingModule, portsModule(queue, payments)],
    providers: [
      CatalogService,
      CheckoutService,
      { provide: CheckoutOptions, useValue: { expiryMinutes: 30, defaultSuccessUrl: 'https://shop.test/ok', defaultCancelUrl: 'https://shop.test/no' } },
    ],
  }).compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  const scope = moduleRef.get(TenantScope);
  let seq = 0;
  return {
    moduleRef,
    em: moduleRef.get(EntityManager),
    scope,
    payments,
    get: (type) => moduleRef.get(type),
    async seedTenant(tenantOptions = {}) {
      const slug = `unit-${++seq}-${randomBytes(3).toString('hex')}`;
      const { tenant } = await scope.runUnscoped(() =>
        moduleRef.get(TenantService).create({
          name: slug,
          slug,
          commissionPercent: tenantOptions.commissionPercent ?? '10',
          stripeAccountId: tenantOptions.stripeAccountId === undefined ? null : tenantOptions.stripeAccountId,
        }),
      );
      return scope.run(tenant.id, async () => {
        const catalog = moduleRef.get(CatalogService);
        const classic = await catalog.createPackage({ slug: 'classic', name: 'Classic', basePriceCents: 10001 });
        const drone = await catalog.addAddOn(classic.id, { slug: 'drone', name: 'Drone footage', priceCents: 2000 });
        return { id: tenant.id, stripeAccountId: tenant.stripeAccountId, packageId: classic.id, droneId: drone.id };
      });
    },
    async close() {
      await moduleRef.close();
      await queue.close();
    },
  };
}

/** The ports the runtime provides globally in the apps; global here too, for TenancyModule and BookingModule to see. */
function portsModule(queue: JobQueue, payments: PaymentProvider): DynamicModule {
  class TestPortsModule {}
  const providers = [
    { provide: Cache, useValue: new MemoryCache() },
    { provide: JobQueue, useValue: queue },
    { provide: PaymentProvider, useValue: payments },
  ];
  return { module: TestPortsModule, global: true, providers, exports: [Cache, JobQueue, PaymentProvider] };
}

let dayOffset = 40;
/** A future date no other test of this process uses. */
export function nextFreeDate(): string {
  dayOffset += 1;
  return addDays(todayIn('UTC'), dayOffset);
}
