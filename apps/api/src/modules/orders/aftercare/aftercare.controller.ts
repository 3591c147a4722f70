import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { cancelOrderSchema, requestReturnSchema, storeSlugSchema } from '@sokoni/contracts';
import { z } from 'zod';
import type { RequestContext } from '../../../platform/request-context';
import { parseInput } from '../../../platform/validation';
import { Ctx } from '../../auth/auth.decorators';
import { ShopperSignInService } from '../../shoppers/shopper-sign-in.service';
import { StoreSlug } from '../../tenancy/store-slug.decorator';
import { TenancyService } from '../../tenancy/tenancy.service';
import { OrderCancellationService } from './order-cancellation.service';
import { OrderReturnsService } from './order-returns.service';
import { OrderTrackingService } from './order-tracking.service';
import { ApiDoc } from '../../../openapi/api-doc.decorator';

const orderParams = z.object({ store: storeSlugSchema, order: z.string().uuid() });
const shopperOrderParams = z.object({ store: storeSlugSchema, orderId: z.string().uuid() });
/** My orders shows the newest 20 (as GET .../shopper/orders does). */
const MY_ORDERS = 20;

/**
 * The shopper's side of after the sale: the order's tracking (by its unguessable id, like the
 * order itself), and, with a phone-verified session (`Authorization: Bearer <sessionToken>`),
 * the timelines of "My orders", cancelling before dispatch and asking for a return.
 */
@Controller('v1/stores/:store')
export class AftercareController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly signIn: ShopperSignInService,
    private readonly tracking: OrderTrackingService,
    private readonly cancellation: OrderCancellationService,
    private readonly returns: OrderReturnsService,
  ) {}

  @Get('orders/:order/tracking')
  @ApiDoc({ params: orderParams })
  async tracked(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { store, order } = parseInput(orderParams, params, 'params');
    return { tracking: await this.tracking.byId(await this.tenancy.scope(ctx, store), order) };
  }

  @Get('shopper/tracking')
  async mine(
    @Ctx() ctx: RequestContext,
    @StoreSlug() store: string,
    @Headers('authorization') authorization: string | undefined,
  ) {
    const { tenant, session } = await this.signedIn(ctx, store, authorization);
    return { orders: await this.tracking.forShopper(tenant, session, MY_ORDERS) };
  }

  @Post('shopper/orders/:orderId/cancel')
  @HttpCode(200)
  @RouteConfig({ rateLimit: { max: 20, timeWindow: 60_000 } })
  @ApiDoc({ params: shopperOrderParams, body: cancelOrderSchema })
  async cancel(
    @Ctx() ctx: RequestContext,
    @Param() params: unknown,
    @Body() body: unknown,
    @Headers('authorization') authorization: string | undefined,
  ) {
    const { store, orderId } = parseInput(shopperOrderParams, params, 'params');
    const { reason } = parseInput(cancelOrderSchema, body ?? {}, 'body');
    const { tenant, session } = await this.signedIn(ctx, store, authorization);
    return this.cancellation.cancel(tenant, { id: orderId }, { kind: 'shopper', session }, reason);
  }

  @Post('shopper/orders/:orderId/returns')
  @HttpCode(201)
  @RouteConfig({ rateLimit: { max: 20, timeWindow: 60_000 } })
  @ApiDoc({ params: shopperOrderParams, body: requestReturnSchema })
  async requestReturn(
    @Ctx() ctx: RequestContext,
    @Param() params: unknown,
    @Body() body: unknown,
    @Headers('authorization') authorization: string | undefined,
  ) {
    const { store, orderId } = parseInput(shopperOrderParams, params, 'params');
    const input = parseInput(requestReturnSchema, body ?? {}, 'body');
    const { tenant, session } = await this.signedIn(ctx, store, authorization);
    return { return: await this.returns.request(tenant, session, orderId, input) };
  }

  private async signedIn(ctx: RequestContext, store: string, authorization: string | undefined) {
    const tenant = await this.tenancy.scope(ctx, store);
    return { tenant, session: await this.signIn.authenticate(tenant, authorization) };
  }
}
