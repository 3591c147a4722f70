import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  areaSlugSchema,
  displayName,
  MAX_PLACE_LABEL,
  MAX_PLACE_LANDMARK,
  singleLineText,
  storeSlugSchema,
} from '@sokoni/contracts';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { kenyanMobile } from '../../platform/kenyan-mobile';
import { parseInput } from '../../platform/validation';
import { StoreSlug } from '../tenancy/store-slug.decorator';
import { TenancyService } from '../tenancy/tenancy.service';
import { ShopperSignInService } from './shopper-sign-in.service';
import { MAX_ADDRESSES, ShoppersService } from './shoppers.service';
import { Ctx } from '../auth/auth.decorators';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const orderParams = z.object({ store: storeSlugSchema, orderId: z.string().uuid() });
const otpBody = z.object({ phone: kenyanMobile }).strict();
const sessionBody = z
  .object({
    phone: kenyanMobile,
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'the 6-digit code from the SMS'),
  })
  .strict();
const addressesBody = z
  .object({
    addresses: z
      .array(
        z
          .object({
            areaSlug: areaSlugSchema,
            landmark: singleLineText.trim().max(MAX_PLACE_LANDMARK).default(''),
            label: displayName.trim().max(MAX_PLACE_LABEL).default(''),
          })
          .strict(),
      )
      .max(MAX_ADDRESSES, `at most ${MAX_ADDRESSES} saved places`),
  })
  .strict();

/**
 * Shopper identity at one store: phone + SMS code -> session; "My orders", reorder, saved
 * places; "sign out on all phones". The session travels as `Authorization: Bearer <sessionToken>`.
 */
@Controller('v1/stores/:store/shopper')
export class ShoppersController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly shoppers: ShoppersService,
    private readonly signIn: ShopperSignInService,
  ) {}

  @Post('otp')
  @HttpCode(202)
  @RouteConfig({ rateLimit: { max: 30, timeWindow: 60_000 } })
  @ApiDoc({ body: otpBody })
  async requestCode(
    @Ctx() ctx: RequestContext,
    @StoreSlug() store: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ) {
    const { phone } = parseInput(otpBody, body ?? {}, 'body');
    return this.signIn.requestCode(await this.tenancy.scope(ctx, store), phone, request.ip);
  }

  @Post('session')
  @HttpCode(200)
  @RouteConfig({ rateLimit: { max: 30, timeWindow: 60_000 } })
  @ApiDoc({ body: sessionBody })
  async session(
    @Ctx() ctx: RequestContext,
    @StoreSlug() store: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ) {
    const { phone, code } = parseInput(sessionBody, body ?? {}, 'body');
    return this.signIn.verifyCode(await this.tenancy.scope(ctx, store), phone, code, request.ip);
  }

  @Get('orders')
  async orders(
    @Ctx() ctx: RequestContext,
    @StoreSlug() store: string,
    @Headers('authorization') authorization: string | undefined,
  ) {
    const { tenant, session } = await this.signedIn(ctx, store, authorization);
    return this.shoppers.myOrders(tenant, session);
  }

  @Post('orders/:orderId/reorder')
  @HttpCode(200)
  @ApiDoc({ params: orderParams })
  async reorder(
    @Ctx() ctx: RequestContext,
    @Param() params: unknown,
    @Headers('authorization') authorization: string | undefined,
    @Headers('x-cart-token') cartToken: string | undefined,
  ) {
    const { store, orderId } = parseInput(orderParams, params, 'params');
    const { tenant, session } = await this.signedIn(ctx, store, authorization);
    return this.shoppers.reorder(tenant, session, orderId, cartToken);
  }

  @Get('addresses')
  async addresses(
    @Ctx() ctx: RequestContext,
    @StoreSlug() store: string,
    @Headers('authorization') authorization: string | undefined,
  ) {
    const { tenant, session } = await this.signedIn(ctx, store, authorization);
    return this.shoppers.addresses(tenant, session);
  }

  @Put('addresses')
  @ApiDoc({ body: addressesBody })
  async saveAddresses(
    @Ctx() ctx: RequestContext,
    @StoreSlug() store: string,
    @Body() body: unknown,
    @Headers('authorization') authorization: string | undefined,
  ) {
    const { tenant, session } = await this.signedIn(ctx, store, authorization);
    const { addresses } = parseInput(addressesBody, body ?? {}, 'body');
    return this.shoppers.saveAddresses(tenant, session, addresses);
  }

  /**
   * "Sign out on all phones": ends every session of the caller's phone at this store, this one
   * included (200 { revoked: true }); later calls with any of them are 401 session_revoked.
   */
  @Post('sessions/revoke-all')
  @HttpCode(200)
  async revokeAll(
    @Ctx() ctx: RequestContext,
    @StoreSlug() store: string,
    @Headers('authorization') authorization: string | undefined,
  ) {
    const { tenant, session } = await this.signedIn(ctx, store, authorization);
    return this.shoppers.revokeAllSessions(tenant, session);
  }

  /** The store named in the path and the caller's shopper session there (401 without a valid one). */
  private async signedIn(ctx: RequestContext, store: string, authorization: string | undefined) {
    const tenant = await this.tenancy.scope(ctx, store);
    return { tenant, session: await this.signIn.authenticate(tenant, authorization) };
  }
}
