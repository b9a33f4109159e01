import { DynamicModule, Module } from '@nestjs/common';
import { RuntimeModule } from '@mais/runtime';
import { Settings } from '@mais/settings';
import { WorkerModule } from './worker.module';

/** The worker process: the shared runtime plus the processors; no HTTP. */
@Module({})
export class WorkerAppModule {
  static forRoot(settings?: Settings): DynamicModule {
    return { module: WorkerAppModule, imports: [RuntimeModule.forRoot({ settings, consumeJobs: true }), WorkerModule] };
  }
}
