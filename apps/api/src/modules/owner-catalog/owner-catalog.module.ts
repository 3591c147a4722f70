import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SeoModule } from '../seo/seo.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { CatalogChangeNotifier } from './catalog-change.notifier';
import { CatalogWriteKit } from './catalog-write-kit';
import { CatalogImportRepository } from './catalog-import.repository';
import { CategoriesService } from './categories.service';
import { CatalogImportService } from './catalog-import.service';
import { OwnerCatalogController } from './owner-catalog.controller';
import { OwnerCatalogManageController } from './owner-catalog-manage.controller';
import { OwnerBulkService } from './owner-bulk.service';
import { OwnerCategoriesRepository } from './owner-categories.repository';
import { OwnerCategoriesService } from './owner-categories.service';
import { OwnerMatrixRepository } from './owner-matrix.repository';
import { OwnerMatrixService } from './owner-matrix.service';
import { OwnerCatalogRepository } from './owner-catalog.repository';
import { OwnerCatalogService } from './owner-catalog.service';
import { OwnerStockService } from './owner-stock.service';
import { OwnerVariantsService } from './owner-variants.service';
import { StockLedgerService } from './stock-ledger.service';

@Module({
  imports: [AuthModule, SeoModule, TenancyModule],
  controllers: [OwnerCatalogController, OwnerCatalogManageController],
  providers: [
    OwnerCatalogRepository,
    CatalogImportRepository,
    OwnerCatalogService,
    OwnerVariantsService,
    OwnerStockService,
    CatalogImportService,
    CatalogChangeNotifier,
    CatalogWriteKit,
    StockLedgerService,
    CategoriesService,
    OwnerCategoriesRepository,
    OwnerCategoriesService,
    OwnerMatrixRepository,
    OwnerMatrixService,
    OwnerBulkService,
  ],
  exports: [OwnerCatalogService, StockLedgerService, CategoriesService],
})
export class OwnerCatalogModule {}
