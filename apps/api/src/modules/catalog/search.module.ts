import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { CatalogCacheModule } from './catalog-cache.module';
import { SearchController } from './search.controller';
import { SearchRepository } from './search.repository';
import { SearchService } from './search.service';

/**
 * Search, categories and related products: part of the catalog (DESIGN.md section 4, it reads the
 * catalog's own tables), kept as its own Nest module so it can grow without touching listings.
 */
@Module({
  imports: [TenancyModule, OrdersModule, CatalogCacheModule],
  controllers: [SearchController],
  providers: [SearchRepository, SearchService],
  exports: [SearchService],
})
export class SearchModule {}
