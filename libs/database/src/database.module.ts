import { DynamicModule, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Settings } from '@mais/settings';
import { createOrmConfig } from './orm.config';

/**
 * MikroORM for the apps. `registerRequestContext` forks the EntityManager per HTTP request, so every
 * request has its own identity map and its own tenant filter parameters; jobs fork explicitly.
 */
@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    // MikroOrmModule's core module is global: EntityManager and MikroORM are injectable everywhere.
    return {
      module: DatabaseModule,
      imports: [
        MikroOrmModule.forRootAsync({
          driver: PostgreSqlDriver,
          inject: [Settings],
          useFactory: (settings: Settings) => {
            if (!settings.databaseUrl) throw new Error('DATABASE_URL is not set (npm start provides an embedded database)');
            return { ...createOrmConfig({ clientUrl: settings.databaseUrl }), registerRequestContext: true };
          },
        }),
      ],
    };
  }
}
