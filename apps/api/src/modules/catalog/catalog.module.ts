import { Module } from '@nestjs/common';
import { StoreIdentityModule } from '../store-identity/store-identity.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { CatalogCacheModule } from './catalog-cache.module';
import { CatalogRepository } from './catalog.repository';
import { CatalogService } from './catalog.service';
import { StorefrontController } from './storefront.controller';

@Module({
  imports: [TenancyModule, CatalogCacheModule, StoreIdentityModule],
  controllers: [StorefrontController],
  providers: [CatalogRepository, CatalogService],
  exports: [CatalogService],
})
export class CatalogModule {}
