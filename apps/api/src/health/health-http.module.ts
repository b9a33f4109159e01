import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/** Liveness, readiness and the cache's figures. */
@Module({ controllers: [HealthController] })
export class HealthHttpModule {}
