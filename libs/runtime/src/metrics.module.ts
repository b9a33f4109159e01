import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';

/** One Metrics per process, injectable everywhere (the API's /metrics route, the worker's job timing). */
@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
