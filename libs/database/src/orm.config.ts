import { defineConfig, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { Options } from '@mikro-orm/core';
import { ALL_ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface OrmOptions {
  clientUrl: string;
  debug?: boolean;
  poolMax?: number;
}

/** The one MikroORM configuration: used by the apps, the migration CLI and the tests. */
export function createOrmConfig(options: OrmOptions): Options<PostgreSqlDriver> {
  return defineConfig({
    clientUrl: options.clientUrl,
    entities: ALL_ENTITIES,
    discovery: { requireEntitiesArray: true, disableDynamicFileAccess: true },
    // Every unit of work must run in a forked context (per request, per job): no shared identity map.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: options.debug ?? false,
    pool: { min: 0, max: options.poolMax ?? 10 },
    extensions: [Migrator],
    migrations: {
      migrationsList: MIGRATIONS,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      silent: true,
    },
  });
}
