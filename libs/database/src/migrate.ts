import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from './orm.config';

/** Applies pending migrations; returns the names applied. */
export async function migrateDatabase(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}

/** Opens a short-lived ORM, applies pending migrations, closes it. */
export async function migrateDatabaseAt(clientUrl: string): Promise<string[]> {
  const orm = await MikroORM.init(createOrmConfig({ clientUrl, poolMax: 2 }));
  try {
    return await migrateDatabase(orm);
  } finally {
    await orm.close(true);
  }
}

/** SQL that would bring the database in line with the entities; empty when migrations and entities agree. */
export async function pendingSchemaChanges(orm: MikroORM): Promise<string> {
  return (await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).trim();
}
