import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config';
import { AnalyticsModule } from '../modules/analytics/analytics.module';
import { AuditModule } from '../modules/audit/audit.module';
import { InsightsModule } from '../modules/insights/insights.module';
import { OrdersModule } from '../modules/orders/orders.module';
import { PaymentsModule } from '../modules/payments/payments.module';
import { MessagingModule } from '../modules/messaging/messaging.module';
import { SeoModule } from '../modules/seo/seo.module';
import { PlatformModule } from '../platform/platform.module';
import { DomainsModule } from '../modules/domains/domains.module';
import { DomainsProcessor } from './domains.processor';
import { ProductCardWindowsModule } from '../modules/catalog/product-card-windows.module';
import { CatalogProcessor } from './catalog.processor';
import { JOB_PROCESSORS } from './job-processor';
import { AnalyticsProcessor } from './analytics.processor';
import { MaintenanceProcessor } from './maintenance.processor';
import { OrdersProcessor } from './orders.processor';
import { PaymentsProcessor } from './payments.processor';
import { NotificationsProcessor } from './notifications.processor';
import { SeoProcessor } from './seo.processor';
import { QueueWorkers } from './queue-workers';
import { WorkerMetrics } from './worker-metrics';
import { EtimsModule } from '../modules/etims/etims.module';
import { EtimsProcessor } from './etims.processor';
import { WebhooksModule } from '../modules/webhooks/webhooks.module';
import { WebhooksProcessor } from './webhooks.processor';
import { AlertsModule } from '../modules/alerts/alerts.module';
import { AlertsProcessor } from './alerts.processor';
import { ExportsModule } from '../modules/exports/exports.module';
import { ExportsProcessor } from './exports.processor';
import { BackInStockModule } from '../modules/back-in-stock/back-in-stock.module';
import { BackInStockProcessor } from './back-in-stock.processor';
import { OrdersArchiveProcessor } from './orders-archive.processor';

/** Every queue's processor: each is a provider, and together they are JOB_PROCESSORS for QueueWorkers. */
const PROCESSORS = [
  MaintenanceProcessor,
  AnalyticsProcessor,
  SeoProcessor,
  OrdersProcessor,
  PaymentsProcessor,
  NotificationsProcessor,
  EtimsProcessor,
  DomainsProcessor,
  CatalogProcessor,
  WebhooksProcessor,
  AlertsProcessor,
  ExportsProcessor,
  BackInStockProcessor,
  OrdersArchiveProcessor,
];

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(config, logger, 'worker'),
        AuditModule,
        AnalyticsModule,
        InsightsModule,
        SeoModule,
        OrdersModule,
        PaymentsModule,
        MessagingModule,
        EtimsModule,
        DomainsModule,
        ProductCardWindowsModule,
        WebhooksModule,
        AlertsModule,
        ExportsModule,
        BackInStockModule,
      ],
      providers: [
        WorkerMetrics,
        ...PROCESSORS,
        { provide: JOB_PROCESSORS, useFactory: (...processors: unknown[]) => processors, inject: PROCESSORS },
        QueueWorkers,
      ],
    };
  }
}
