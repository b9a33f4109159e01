export * from './runtime.module';
export * from './logging';
