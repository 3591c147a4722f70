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
import { OwnerCatalogRepository } from './owner-catalog.repository';
import { OwnerCatalogService } from './owner-catalog.service';
import { OwnerStockService } from './owner-stock.service';
import { OwnerVariantsService } from './owner-variants.service';
import { StockLedgerService } from './stock-ledger.service';

@Module({
  imports: [AuthModule, SeoModule, TenancyModule],
  controllers: [OwnerCatalogController],
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
  ],
  exports: [OwnerCatalogService, StockLedgerService, CategoriesService],
})
export class OwnerCatalogModule {}
