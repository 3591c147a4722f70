import { Module } from '@nestjs/common';
import type { AppConfig } from '../../config/config';
import { CONFIG } from '../../platform/tokens';
import { AuthModule } from '../auth/auth.module';
import { ETIMS_CLIENT, EtimsClient } from './etims-client';
import { EtimsDocumentBuilder } from './etims-document-builder';
import { EtimsDocumentsService } from './etims-documents.service';
import { EtimsItemsService } from './etims-items.service';
import { EtimsMetrics } from './etims-metrics';
import { EtimsOwnerService } from './etims-owner.service';
import { EtimsReceiptService } from './etims-receipt.service';
import { EtimsSettingsService } from './etims-settings.service';
import { EtimsRepository } from './etims.repository';
import { OwnerEtimsController } from './owner-etims.controller';

/** KRA eTIMS (OSCU): per-store device, items, sales invoices and credit notes. docs/etims.md. */
@Module({
  imports: [AuthModule],
  controllers: [OwnerEtimsController],
  providers: [
    EtimsRepository,
    EtimsMetrics,
    EtimsSettingsService,
    EtimsItemsService,
    EtimsDocumentBuilder,
    EtimsDocumentsService,
    EtimsReceiptService,
    EtimsOwnerService,
    {
      provide: ETIMS_CLIENT,
      inject: [CONFIG],
      useFactory: (config: AppConfig) => new EtimsClient(config.ETIMS_BASE_URL, config.ETIMS_TIMEOUT_MS),
    },
  ],
  exports: [EtimsDocumentsService, EtimsReceiptService, EtimsOwnerService],
})
export class EtimsModule {}
