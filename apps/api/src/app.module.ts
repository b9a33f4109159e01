import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { RuntimeModule } from '@mais/runtime';
import { Settings } from '@mais/settings';
import { AuthHttpModule } from './auth/auth-http.module';
import { CredentialsModule } from './auth/credentials.module';
import { BookingHttpModule } from './bookings/booking-http.module';
import { AvailabilityHttpModule } from './availability/availability-http.module';
import { BlackoutsHttpModule } from './blackouts/blackouts-http.module';
import { CalendarHttpModule } from './calendar/calendar-http.module';
import { CatalogModule } from './catalog/catalog.module';
import { ProblemFilter } from './common/problem.filter';
import { ConfigVersioningHttpModule } from './config-versioning/config-versioning-http.module';
import { createValidationPipe } from './common/validation';
import { DevCheckoutHttpModule } from './dev-checkout/dev-checkout-http.module';
import { HealthHttpModule } from './health/health-http.module';
import { MetricsHttpModule } from './metrics/metrics-http.module';
import { QueuesDashboardModule } from './queues/queues-dashboard.module';
import { RedisModule } from './infra/redis.provider';
import { LimitsModule } from './limits/limits.module';
import { WebModule } from './web/web.module';
import { TenantsHttpModule } from './tenants/tenants-http.module';
import { UsersHttpModule } from './users/users-http.module';
import { WebhooksHttpModule } from './webhooks/webhooks-http.module';
import { TenantWebhooksHttpModule } from './tenant-webhooks/tenant-webhooks-http.module';
import { PaymentsHttpModule } from './payments/payments-http.module';

@Module({})
export class AppModule {
  /**
   * `settings` is given by main.ts (already validated) or by tests; omitted, @nestjs/config reads the
   * environment. `worker` (npm start's single process) runs the job processors in this process too.
   */
  static forRoot(settings?: Settings, options: { worker?: Type } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        RuntimeModule.forRoot({ settings, consumeJobs: !!options.worker }),
        RedisModule,
        LimitsModule,
        CredentialsModule,
        CatalogModule,
        ...(options.worker ? [options.worker] : []),
        // One module per feature folder: its routes and what only they use.
        HealthHttpModule,
        MetricsHttpModule,
        AuthHttpModule,
        TenantsHttpModule,
        UsersHttpModule,
        ConfigVersioningHttpModule,
        AvailabilityHttpModule,
        BookingHttpModule,
        BlackoutsHttpModule,
        WebhooksHttpModule,
        TenantWebhooksHttpModule,
        PaymentsHttpModule,
        DevCheckoutHttpModule.forRoot(settings),
        CalendarHttpModule,
        QueuesDashboardModule,
        WebModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
