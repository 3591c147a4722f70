import { Module } from '@nestjs/common';
import { RateLimiter } from '../auth/rate-limiter';
import { CartModule } from '../cart/cart.module';
import { CatalogModule } from '../catalog/catalog.module';
import { SearchModule } from '../catalog/search.module';
import { CollectionsModule } from '../collections/collections.module';
import { OrdersModule } from '../orders/orders.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { StorefrontGraphql } from './storefront-graphql';

/** The GraphQL storefront API (registered on Fastify by bootstrap.ts: docs/graphql.md). */
@Module({
  imports: [TenancyModule, CatalogModule, SearchModule, CollectionsModule, CartModule, OrdersModule],
  providers: [StorefrontGraphql, RateLimiter],
  exports: [StorefrontGraphql],
})
export class GraphqlModule {}
