import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { RuntimeModule } from '@mais/runtime';
import { Settings } from '@mais/settings';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { BookingHttpModule } from './bookings/booking-http.module';
import { LoginService } from './auth/login.service';
import { PlatformAdminBootstrap } from './auth/platform-admin.bootstrap';
import { CalendarHttpModule } from './calendar/calendar-http.module';
import { CatalogModule } from './catalog/catalog.module';
import { ProblemFilter } from './common/problem.filter';
import { ConfigVersioningHttpModule } from './config-versioning/config-versioning-http.module';
import { createValidationPipe } from './common/validation';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { QueuesDashboardModule } from './queues/queues-dashboard.module';
import { RedisModule } from './infra/redis.provider';
import { LimitsModule } from './limits/limits.module';
import { WebModule } from './web/web.module';
import { OwnTenantController } from './tenants/own-tenant.controller';
import { PublicTenantsController } from './tenants/public-tenants.controller';
import { TenantsController } from './tenants/tenants.controller';
import { UsersController } from './users/users.controller';

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
        CatalogModule,
        ...(options.worker ? [options.worker] : []),
        ConfigVersioningHttpModule,
        BookingHttpModule.forRoot(settings),
        CalendarHttpModule, QueuesDashboardModule,
        WebModule,
      ],
      controllers: [HealthController, MetricsController, AuthController, TenantsController, OwnTenantController, PublicTenantsController, UsersController],
      providers: [
        LoginService,
        PlatformAdminBootstrap,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
