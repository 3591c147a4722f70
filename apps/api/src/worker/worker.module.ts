import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config';
import { AnalyticsModule } from '../modules/analytics/analytics.module';
import { AuditModule } from '../modules/audit/audit.module';
import { SeoModule } from '../modules/seo/seo.module';
import { PlatformModule } from '../platform/platform.module';
import { JOB_PROCESSORS } from './job-processor';
import { AnalyticsProcessor } from './analytics.processor';
import { MaintenanceProcessor } from './maintenance.processor';
import { SeoProcessor } from './seo.processor';
import { QueueWorkers } from './queue-workers';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: WorkerModule,
      imports: [PlatformModule.forRoot(config, logger, 'worker'), AuditModule, AnalyticsModule, SeoModule],
      providers: [
        MaintenanceProcessor,
        AnalyticsProcessor,
        SeoProcessor,
        { provide: JOB_PROCESSORS, useFactory: (...processors: unknown[]) => processors, inject: [MaintenanceProcessor, AnalyticsProcessor, SeoProcessor] },
        QueueWorkers,
      ],
    };
  }
}
