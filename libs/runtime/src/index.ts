export * from './runtime.module';
export * from './logging';
export { Metrics } from './metrics';
export { startMetricsServer } from './metrics-server';
