import { Controller, Get, Param, Query } from '@nestjs/common';
import { productSlugSchema, searchQuerySchema, storeSlugSchema } from '@sokoni/contracts';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import { TenancyService } from '../tenancy/tenancy.service';
import { SearchService } from './search.service';
import { Ctx } from '../auth/auth.decorators';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const storeParams = z.object({ store: storeSlugSchema });
const productParams = z.object({ store: storeSlugSchema, product: productSlugSchema });

/** Storefront discovery: search and category pages, category list, related products. */
@Controller('v1/stores/:store')
export class SearchController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly searchService: SearchService,
  ) {}

  @Get('search')
  @ApiDoc({ params: storeParams, query: searchQuerySchema })
  async search(@Ctx() ctx: RequestContext, @Param() params: unknown, @Query() query: unknown) {
    const { store } = parseInput(storeParams, params, 'params');
    const searchQuery = parseInput(searchQuerySchema, query, 'query');
    const tenant = await this.tenancy.scope(ctx, store);
    return this.searchService.search(tenant, searchQuery);
  }

  @Get('categories')
  @ApiDoc({ params: storeParams })
  async categories(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { store } = parseInput(storeParams, params, 'params');
    const tenant = await this.tenancy.scope(ctx, store);
    return this.searchService.categories(tenant);
  }

  @Get('products/:product/related')
  @ApiDoc({ params: productParams })
  async related(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { store, product } = parseInput(productParams, params, 'params');
    const tenant = await this.tenancy.scope(ctx, store);
    return this.searchService.related(tenant, product);
  }
}
