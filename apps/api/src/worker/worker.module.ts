import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config';
import { AuditModule } from '../modules/audit/audit.module';
import { PlatformModule } from '../platform/platform.module';
import { JOB_PROCESSORS } from './job-processor';
import { MaintenanceProcessor } from './maintenance.processor';
import { QueueWorkers } from './queue-workers';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: WorkerModule,
      imports: [PlatformModule.forRoot(config, logger, 'worker'), AuditModule],
      providers: [
        MaintenanceProcessor,
        { provide: JOB_PROCESSORS, useFactory: (...processors: unknown[]) => processors, inject: [MaintenanceProcessor] },
        QueueWorkers,
      ],
    };
  }
}
