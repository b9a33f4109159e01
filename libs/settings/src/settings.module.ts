import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { loadSettings, Settings } from './settings';

/**
 * Provides `Settings` through @nestjs/config: the environment is validated by `loadSettings` (the schema),
 * and the typed result is what every module injects. Tests pass a Settings object directly.
 */
@Global()
@Module({})
export class SettingsModule {
  static forRoot(settings?: Settings): DynamicModule {
    return {
      module: SettingsModule,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          validate: (env) => ({ ...env, settings: settings ?? loadSettings(env as Record<string, string | undefined>) }),
        }),
      ],
      providers: [{ provide: Settings, inject: [ConfigService], useFactory: (config: ConfigService) => config.get<Settings>('settings') }],
      exports: [Settings],
    };
  }
}
