export * from './orm.config';
export * from './migrate';
export * from './database.module';
export { MIGRATIONS } from './migrations';
