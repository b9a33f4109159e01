import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261126000000Initial } from './Migration20261126000000Initial';
import { Migration20261201000000BookingPipeline } from './Migration20261201000000BookingPipeline';

/** Migrations in order; listed explicitly so the compiled app never depends on file discovery. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261126000000Initial', class: Migration20261126000000Initial },
  { name: 'Migration20261201000000BookingPipeline', class: Migration20261201000000BookingPipeline },
];
