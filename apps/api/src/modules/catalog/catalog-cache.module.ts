import { Module } from '@nestjs/common';
import { CatalogCache } from './catalog-cache';
import { CatalogCacheMetrics } from './catalog-cache.metrics';
import { CatalogChangeListener } from './catalog-change.listener';

/**
 * The storefront read cache and its one LISTEN connection, shared by the listing and search
 * modules (one instance per API process; the worker does not import it).
 */
@Module({
  providers: [CatalogCache, CatalogCacheMetrics, CatalogChangeListener],
  exports: [CatalogCache],
})
export class CatalogCacheModule {}
