import { DynamicModule, Module } from '@nestjs/common';
import { CacheModule } from '@mais/cache';
import { DatabaseModule } from '@mais/database';
import { Settings, SettingsModule } from '@mais/settings';
import { TenancyModule } from '@mais/tenancy';

/** Just enough of MAIS for operator commands: settings, database, cache (for invalidation), tenancy. No HTTP, no queues. */
@Module({})
export class CliModule {
  static forRoot(settings: Settings): DynamicModule {
    return { module: CliModule, imports: [SettingsModule.forRoot(settings), DatabaseModule.forRoot(), CacheModule, TenancyModule] };
  }
}
