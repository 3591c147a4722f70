import { Body, Controller, Get, Header, Headers, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { checkoutPreviewQuerySchema, idempotencyKeySchema, placeOrderSchema, storeSlugSchema } from '@sokoni/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../../platform/api-error';
import { parseInput } from '../../platform/validation';
import { RetryAfterInterceptor } from '../auth/retry-after.interceptor';
import { StoreSlug } from '../tenancy/store-slug.decorator';
import { TenancyService } from '../tenancy/tenancy.service';
import { CheckoutService } from './checkout.service';
import { renderInvoice } from './invoice';
import { EtimsReceiptService } from '../etims/etims-receipt.service';
import { OrderPlacementService } from './order-placement.service';
import { OrderInvoiceService } from './order-invoice.service';
import { OrdersService } from './orders.service';
import { Ctx } from '../auth/auth.decorators';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const orderParams = z.object({ store: storeSlugSchema, order: z.string().uuid() });

/** Shopper side: place an order from the cart; read it back by its unguessable id. */
@Controller('v1/stores/:store/orders')
export class OrdersController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly orders: OrdersService,
    private readonly placement: OrderPlacementService,
    private readonly etims: EtimsReceiptService,
    private readonly invoices: OrderInvoiceService,
  ) {}

  @Post()
  @RouteConfig({ rateLimit: { max: 30, timeWindow: 60_000 } })
  @UseInterceptors(RetryAfterInterceptor)
  @ApiDoc({ headers: idempotencyKeySchema, body: placeOrderSchema })
  async place(
    @Ctx() ctx: RequestContext,
    @StoreSlug() store: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('x-cart-token') cartToken: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (!idempotencyKey)
      throw new ApiError(400, 'validation_failed', 'The Idempotency-Key header is required to place an order', {
        where: 'headers',
        field: 'idempotency-key',
      });
    const key = parseInput(idempotencyKeySchema, idempotencyKey, 'headers');
    const input = parseInput(placeOrderSchema, body, 'body');
    const { order, replayed } = await this.placement.place(
      await this.tenancy.scope(ctx, store),
      cartToken,
      key,
      input,
      request.ip,
    );
    reply.status(replayed ? 200 : 201);
    if (replayed) reply.header('idempotent-replayed', 'true');
    return { order };
  }

  @Get(':order')
  @ApiDoc({ params: orderParams })
  async get(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { store, order } = parseInput(orderParams, params, 'params');
    const tenant = await this.tenancy.scope(ctx, store);
    return { order: await this.orders.get(tenant, order) };
  }

  /** Printable tax invoice (HTML) with the VAT breakdown. The order id is the unguessable key. */
  @Get(':order/invoice')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'private, no-store')
  @ApiDoc({ params: orderParams })
  async invoice(@Ctx() ctx: RequestContext, @Param() params: unknown): Promise<string> {
    const { store, order } = parseInput(orderParams, params, 'params');
    const tenant = await this.tenancy.scope(ctx, store);
    const [seller, found] = await Promise.all([
      this.tenancy.invoiceStore(tenant),
      this.invoices.forInvoice(tenant, order),
    ]);
    return renderInvoice(seller, found.order, await this.etims.forOrder(tenant, found.order.id), found.credit);
  }
}

/** Live totals for the one-page checkout (delivery fee, discounts, VAT) before the order exists. */
@Controller('v1/stores/:store/checkout')
export class CheckoutController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly checkout: CheckoutService,
  ) {}

  @Get('preview')
  @ApiDoc({ query: checkoutPreviewQuerySchema })
  async preview(
    @Ctx() ctx: RequestContext,
    @StoreSlug() store: string,
    @Query() query: unknown,
    @Headers('x-cart-token') cartToken: string | undefined,
  ) {
    const q = parseInput(checkoutPreviewQuerySchema, query, 'query');
    return this.checkout.preview(await this.tenancy.scope(ctx, store), cartToken, q);
  }
}
