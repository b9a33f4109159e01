import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261126000000Initial } from './Migration20261126000000Initial';

/** Migrations in order; listed explicitly so the compiled app never depends on file discovery. */
export const MIGRATIONS: MigrationObject[] = [{ name: 'Migration20261126000000Initial', class: Migration20261126000000Initial }];
