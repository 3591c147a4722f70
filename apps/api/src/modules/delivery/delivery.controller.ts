import { Controller, Get, Param, Query } from '@nestjs/common';
import { deliveryAreasQuerySchema, deliveryQuoteQuerySchema, storeSlugSchema } from '@sokoni/contracts';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import { TenancyService } from '../tenancy/tenancy.service';
import { DeliveryService } from './delivery.service';
import { Ctx } from '../auth/auth.decorators';
import type { RequestContext } from '../../platform/request-context';

const storeParams = z.object({ store: storeSlugSchema });

/** Public delivery reads for a store's checkout: the area picker and fee quotes. */
@Controller('v1/stores/:store/delivery')
export class DeliveryController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly delivery: DeliveryService,
  ) {}

  /** ?q=westie -> up to 8 ranked areas with this store's fee/ETA inline; no q -> every area. */
  @Get('areas')
  async areas(@Ctx() ctx: RequestContext, @Param() params: unknown, @Query() query: unknown) {
    const { store } = parseInput(storeParams, params, 'params');
    const { q, subtotal } = parseInput(deliveryAreasQuerySchema, query, 'query');
    const tenant = await this.tenancy.scope(ctx, store);
    return this.delivery.areas(tenant, q, subtotal);
  }

  /** ?area=<slug>&subtotal=<KES> -> fee, free delivery, ETA, pickup. */
  @Get('quote')
  async quote(@Ctx() ctx: RequestContext, @Param() params: unknown, @Query() query: unknown) {
    const { store } = parseInput(storeParams, params, 'params');
    const { area, subtotal } = parseInput(deliveryQuoteQuerySchema, query, 'query');
    const tenant = await this.tenancy.scope(ctx, store);
    return this.delivery.quote(tenant, area, subtotal);
  }
}
