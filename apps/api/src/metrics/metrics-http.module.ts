import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';

/** GET /metrics (Prometheus text; the registry is the runtime's). */
@Module({ controllers: [MetricsController] })
export class MetricsHttpModule {}
