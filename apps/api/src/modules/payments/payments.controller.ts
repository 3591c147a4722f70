import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { confirmPaymentCodeSchema, idempotencyKeySchema, startPaymentSchema, storeSlugSchema } from '@sokoni/contracts';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../../platform/api-error';
import { parseInput } from '../../platform/validation';
import { TenancyService } from '../tenancy/tenancy.service';
import { PaymentCodeConfirmationService } from './payment-code-confirmation.service';
import { PaymentInitiationService } from './payment-initiation.service';
import { PaymentStatusService } from './payment-status.service';
import { Ctx } from '../auth/auth.decorators';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const orderParams = z.object({ store: storeSlugSchema, order: z.string().uuid() });
const paymentParams = orderParams.extend({ payment: z.string().uuid() });

/** Shopper side: pay an order with M-Pesa and watch the attempt. The order id is the key. */
@Controller('v1/stores/:store/orders/:order/payments')
export class PaymentsController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly initiation: PaymentInitiationService,
    private readonly statuses: PaymentStatusService,
    private readonly codeConfirmation: PaymentCodeConfirmationService,
  ) {}

  @Post()
  @RouteConfig({ rateLimit: { max: 20, timeWindow: 60_000 } })
  @ApiDoc({ params: orderParams, headers: idempotencyKeySchema, body: startPaymentSchema })
  async start(
    @Ctx() ctx: RequestContext,
    @Param() params: unknown,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { store, order } = parseInput(orderParams, params, 'params');
    if (!idempotencyKey)
      throw new ApiError(400, 'validation_failed', 'The Idempotency-Key header is required to start a payment', {
        where: 'headers',
        field: 'idempotency-key',
      });
    const key = parseInput(idempotencyKeySchema, idempotencyKey, 'headers');
    const input = parseInput(startPaymentSchema, body ?? {}, 'body');
    const tenant = await this.tenancy.scope(ctx, store);
    const { payment, created } = await this.initiation.start(tenant, order, key, input);
    reply.status(created ? 201 : 200);
    if (!created) reply.header('idempotent-replayed', 'true');
    return { payment };
  }

  @Get()
  @ApiDoc({ params: orderParams })
  async list(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { store, order } = parseInput(orderParams, params, 'params');
    const tenant = await this.tenancy.scope(ctx, store);
    return this.statuses.list(tenant, order);
  }

  @Post('confirm-code')
  @HttpCode(200)
  @RouteConfig({ rateLimit: { max: 10, timeWindow: 60_000 } })
  @ApiDoc({ params: orderParams, body: confirmPaymentCodeSchema })
  async confirmCode(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { store, order } = parseInput(orderParams, params, 'params');
    const { code } = parseInput(confirmPaymentCodeSchema, body, 'body');
    const tenant = await this.tenancy.scope(ctx, store);
    return { payment: await this.codeConfirmation.confirmCode(tenant, order, code) };
  }

  @Get(':payment')
  @ApiDoc({ params: paymentParams })
  async status(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { store, order, payment } = parseInput(paymentParams, params, 'params');
    const tenant = await this.tenancy.scope(ctx, store);
    return { payment: await this.statuses.status(tenant, order, payment) };
  }
}
