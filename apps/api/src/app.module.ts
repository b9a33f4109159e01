import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { Redis } from 'ioredis';
import { DatabaseModule } from '@mais/database';
import { Settings, SettingsModule } from '@mais/settings';
import { TenancyModule } from '@mais/tenancy';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { LoginService } from './auth/login.service';
import { CatalogModule } from './catalog/catalog.module';
import { ProblemFilter } from './common/problem.filter';
import { MemoryRateLimiter, RateLimiter, RedisRateLimiter } from './common/rate-limiter';
import { createValidationPipe } from './common/validation';
import { HealthController } from './health/health.controller';
import { REDIS, RedisModule } from './infra/redis.provider';
import { loggerOptions } from './logging';
import { TenantsController } from './tenants/tenants.controller';
import { UsersController } from './users/users.controller';

@Module({})
export class AppModule {
  /** `settings` is given by main.ts (already validated) or by tests; omitted, @nestjs/config reads the environment. */
  static forRoot(settings?: Settings): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SettingsModule.forRoot(settings),
        LoggerModule.forRootAsync({ inject: [Settings], useFactory: loggerOptions }),
        DatabaseModule.forRoot(),
        RedisModule,
        TenancyModule,
        CatalogModule,
      ],
      controllers: [HealthController, AuthController, TenantsController, UsersController],
      providers: [
        LoginService,
        {
          provide: RateLimiter,
          inject: [REDIS],
          useFactory: (redis: Redis | null) => (redis ? new RedisRateLimiter(redis) : new MemoryRateLimiter()),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
