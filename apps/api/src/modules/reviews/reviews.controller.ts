import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { productSlugSchema, reviewInputSchema, storeSlugSchema } from '@sokoni/contracts';
import { z } from 'zod';
import type { RequestContext } from '../../platform/request-context';
import { parseInput } from '../../platform/validation';
import { Ctx } from '../auth/auth.decorators';
import { ShopperSignInService } from '../shoppers/shopper-sign-in.service';
import { TenancyService } from '../tenancy/tenancy.service';
import { ReviewsService } from './reviews.service';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const productParams = z.object({ store: storeSlugSchema, product: productSlugSchema });
const orderParams = z.object({ store: storeSlugSchema, orderId: z.string().uuid('an order id') });
const storeParams = z.object({ store: storeSlugSchema });
const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(10),
  cursor: z.string().max(200).optional(),
});
const mineQuery = z.object({ order: z.string().uuid('an order id').optional() });

/**
 * Reviews on the storefront: a product's reviews (public), and the signed-in shopper's delivered
 * lines and their reviews (Authorization: Bearer <shopper session>, as for "My orders").
 */
@Controller('v1/stores/:store')
export class ReviewsController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly reviews: ReviewsService,
    private readonly signIn: ShopperSignInService,
  ) {}

  @Get('products/:product/reviews')
  @ApiDoc({ params: productParams, query: listQuery })
  async forProduct(@Ctx() ctx: RequestContext, @Param() params: unknown, @Query() query: unknown) {
    const { store, product } = parseInput(productParams, params, 'params');
    const { limit, cursor } = parseInput(listQuery, query, 'query');
    return this.reviews.forProduct(await this.tenancy.scope(ctx, store), product, limit, cursor);
  }

  @Get('shopper/reviews')
  @ApiDoc({ params: storeParams, query: mineQuery })
  async mine(
    @Ctx() ctx: RequestContext,
    @Param() params: unknown,
    @Query() query: unknown,
    @Headers('authorization') authorization: string | undefined,
  ) {
    const { store } = parseInput(storeParams, params, 'params');
    const { order } = parseInput(mineQuery, query, 'query');
    const tenant = await this.tenancy.scope(ctx, store);
    return this.reviews.mine(tenant, await this.signIn.authenticate(tenant, authorization), order);
  }

  @Post('shopper/orders/:orderId/reviews')
  @HttpCode(201)
  @RouteConfig({ rateLimit: { max: 30, timeWindow: 60_000 } })
  @ApiDoc({ params: orderParams, body: reviewInputSchema })
  async submit(
    @Ctx() ctx: RequestContext,
    @Param() params: unknown,
    @Body() body: unknown,
    @Headers('authorization') authorization: string | undefined,
  ) {
    const { store, orderId } = parseInput(orderParams, params, 'params');
    const tenant = await this.tenancy.scope(ctx, store);
    const session = await this.signIn.authenticate(tenant, authorization);
    const input = parseInput(reviewInputSchema, body ?? {}, 'body');
    return this.reviews.submit(tenant, session, orderId, input);
  }
}
