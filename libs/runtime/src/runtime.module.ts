import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { CacheModule } from '@mais/cache';
import { DatabaseModule } from '@mais/database';
import { OutboxModule } from '@mais/domain';
import { JobsModule } from '@mais/jobs';
import { PaymentsModule } from '@mais/payments';
import { Settings, SettingsModule } from '@mais/settings';
import { TenancyModule } from '@mais/tenancy';
import { loggerOptions } from './logging';
import { MetricsModule } from './metrics.module';

export interface RuntimeOptions {
  /** Given by main.ts (validated already) or by tests; omitted, @nestjs/config reads the environment. */
  settings?: Settings;
  /** Whether this process runs jobs (the worker, or npm start's single process). */
  consumeJobs: boolean;
}

/**
 * The infrastructure both apps stand on, wired once: settings, JSON logs, database, tenancy, queues, and
 * the adapters behind the domain's ports (payments, email, calendar), and the process's metrics.
 */
@Module({})
export class RuntimeModule {
  static forRoot(options: RuntimeOptions): DynamicModule {
    return {
      module: RuntimeModule,
      imports: [
        SettingsModule.forRoot(options.settings),
        LoggerModule.forRootAsync({ inject: [Settings], useFactory: loggerOptions }),
        DatabaseModule.forRoot(),
        CacheModule,
        TenancyModule,
        JobsModule.forRoot({ consume: options.consumeJobs, settings: options.settings }),
        PaymentsModule,
        OutboxModule,
        MetricsModule,
      ],
    };
  }
}
