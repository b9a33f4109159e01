export * from './orm.config';
export { ALL_ENTITIES } from './entities';
export * from './migrate';
export * from './database.module';
export { MIGRATIONS } from './migrations';
