import { DynamicModule, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Settings } from '@mais/settings';
import { createOrmConfig } from './orm.config';

/**
 * MikroORM for the apps. Every unit of work runs in its own fork of the EntityManager (its own identity
 * map and tenant filter parameters): the API opens one per HTTP request in a Fastify hook (app.factory,
 * `RequestContext.create`), jobs fork explicitly. MikroORM's own per-request Nest middleware is off: it
 * would be the only Nest middleware, and Fastify would then run every request through @fastify/middie.
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
            return { ...createOrmConfig({ clientUrl: settings.databaseUrl }), registerRequestContext: false };
          },
        }),
      ],
    };
  }
}
