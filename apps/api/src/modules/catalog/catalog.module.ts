import { Module } from '@nestjs/common';
import { TenancyModule } from '../tenancy/tenancy.module';
import { CatalogCacheModule } from './catalog-cache.module';
import { CatalogRepository } from './catalog.repository';
import { CatalogService } from './catalog.service';
import { StorefrontController } from './storefront.controller';

@Module({
  imports: [TenancyModule, CatalogCacheModule],
  controllers: [StorefrontController],
  providers: [CatalogRepository, CatalogService],
})
export class CatalogModule {}
