import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  cartAddSchema,
  cartIdentifySchema,
  cartRestoreSchema,
  cartSetQuantitySchema,
  storeSlugSchema,
} from '@sokoni/contracts';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import { StoreSlug } from '../tenancy/store-slug.decorator';
import { TenancyService } from '../tenancy/tenancy.service';
import { CartService } from './cart.service';
import { Ctx } from '../auth/auth.decorators';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const lineParams = z.object({
  store: storeSlugSchema,
  sku: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/),
});

/** The shopper's cart; the token travels in x-cart-token and comes back in every response. */
@Controller('v1/stores/:store/cart')
export class CartController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly carts: CartService,
  ) {}

  @Get()
  async view(@Ctx() ctx: RequestContext, @StoreSlug() store: string, @Headers('x-cart-token') token?: string) {
    return { cart: await this.carts.view(await this.tenancy.scope(ctx, store), token) };
  }

  @Post('lines')
  @HttpCode(200)
  @ApiDoc({ body: cartAddSchema })
  async add(
    @Ctx() ctx: RequestContext,
    @StoreSlug() store: string,
    @Body() body: unknown,
    @Headers('x-cart-token') token?: string,
  ) {
    const { sku, quantity } = parseInput(cartAddSchema, body, 'body');
    return { cart: await this.carts.add(await this.tenancy.scope(ctx, store), token, sku, quantity) };
  }

  @Put('lines/:sku')
  @ApiDoc({ params: lineParams, body: cartSetQuantitySchema })
  async setQuantity(
    @Ctx() ctx: RequestContext,
    @Param() params: unknown,
    @Body() body: unknown,
    @Headers('x-cart-token') token?: string,
  ) {
    const { store, sku } = parseInput(lineParams, params, 'params');
    const { quantity } = parseInput(cartSetQuantitySchema, body, 'body');
    return { cart: await this.carts.setQuantity(await this.tenancy.scope(ctx, store), token, sku, quantity) };
  }

  @Post('identify')
  @HttpCode(200)
  @ApiDoc({ body: cartIdentifySchema })
  async identify(
    @Ctx() ctx: RequestContext,
    @StoreSlug() store: string,
    @Body() body: unknown,
    @Headers('x-cart-token') token?: string,
    @Headers('x-shopper-session') session?: string,
  ) {
    const { phone } = parseInput(cartIdentifySchema, body, 'body');
    return { cart: await this.carts.identify(await this.tenancy.scope(ctx, store), token, phone, session) };
  }

  @Post('share')
  @HttpCode(200)
  async share(@Ctx() ctx: RequestContext, @StoreSlug() store: string, @Headers('x-cart-token') token?: string) {
    return this.carts.share(await this.tenancy.scope(ctx, store), token);
  }

  @Post('restore')
  @HttpCode(200)
  @ApiDoc({ body: cartRestoreSchema })
  async restore(
    @Ctx() ctx: RequestContext,
    @StoreSlug() store: string,
    @Body() body: unknown,
    @Headers('x-cart-token') token?: string,
  ) {
    const { shareToken } = parseInput(cartRestoreSchema, body, 'body');
    return { cart: await this.carts.restore(await this.tenancy.scope(ctx, store), token, shareToken) };
  }
}
