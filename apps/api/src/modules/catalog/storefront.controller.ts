import { Controller, Get, Param, Query } from '@nestjs/common';
import { productListQuerySchema, productSlugSchema, storeSlugSchema } from '@sokoni/contracts';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import { BrandingService } from '../store-identity/branding.service';
import { TenancyService } from '../tenancy/tenancy.service';
import { CatalogService } from './catalog.service';
import { Ctx } from '../auth/auth.decorators';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const storeParams = z.object({ store: storeSlugSchema });
const productParams = z.object({ store: storeSlugSchema, product: productSlugSchema });

/** Public storefront reads, tenant from the store slug in the path. */
@Controller('v1/stores/:store')
export class StorefrontController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly catalog: CatalogService,
    private readonly branding: BrandingService,
  ) {}

  @Get()
  @ApiDoc({ params: storeParams })
  async store(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { store } = parseInput(storeParams, params, 'params');
    const tenant = await this.tenancy.scope(ctx, store);
    const [summary, brand] = await Promise.all([this.tenancy.storeSummary(tenant), this.branding.storeBrand(tenant)]);
    return { store: { ...summary, brand } };
  }

  @Get('products')
  @ApiDoc({ params: storeParams, query: productListQuerySchema })
  async products(@Ctx() ctx: RequestContext, @Param() params: unknown, @Query() query: unknown) {
    const { store } = parseInput(storeParams, params, 'params');
    const listQuery = parseInput(productListQuerySchema, query, 'query');
    const tenant = await this.tenancy.scope(ctx, store);
    return this.catalog.listProducts(tenant, listQuery);
  }

  @Get('products/:product')
  @ApiDoc({ params: productParams })
  async product(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { store, product } = parseInput(productParams, params, 'params');
    const tenant = await this.tenancy.scope(ctx, store);
    return { product: await this.catalog.getProduct(tenant, product) };
  }
}
