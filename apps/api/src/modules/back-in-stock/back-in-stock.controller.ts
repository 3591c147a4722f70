import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiDoc } from '../../openapi/api-doc.decorator';
import { RouteConfig } from '@nestjs/platform-fastify';
import { backInStockSignupSchema, storeSlugSchema } from '@sokoni/contracts';
import { z } from 'zod';
import type { RequestContext } from '../../platform/request-context';
import { parseInput } from '../../platform/validation';
import { Ctx } from '../auth/auth.decorators';
import { TenancyService } from '../tenancy/tenancy.service';
import { BackInStockService } from './back-in-stock.service';

const storeParams = z.object({ store: storeSlugSchema });

/** The shopper's "Tell me when it's back" on a sold-out variant (no sign-in: the phone is the address). */
@Controller('v1/stores/:store')
export class BackInStockController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly backInStock: BackInStockService,
  ) {}

  /** 201 with the request; asking again is the same request (idempotent per variant and phone). */
  @Post('back-in-stock')
  @HttpCode(201)
  @RouteConfig({ rateLimit: { max: 20, timeWindow: 60_000 } })
  @ApiDoc({ body: backInStockSignupSchema, params: storeParams })
  async signUp(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { store } = parseInput(storeParams, params, 'params');
    const input = parseInput(backInStockSignupSchema, body ?? {}, 'body');
    return { request: await this.backInStock.signUp(await this.tenancy.scope(ctx, store), input) };
  }
}
