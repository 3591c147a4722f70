import { Controller, Get, Query } from '@nestjs/common';
import { deliveryAreasQuerySchema, deliveryQuoteQuerySchema } from '@sokoni/contracts';
import { parseInput } from '../../platform/validation';
import { StoreSlug } from '../tenancy/store-slug.decorator';
import { TenancyService } from '../tenancy/tenancy.service';
import { DeliveryService } from './delivery.service';
import { Ctx } from '../auth/auth.decorators';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

/** Public delivery reads for a store's checkout: the area picker and fee quotes. */
@Controller('v1/stores/:store/delivery')
export class DeliveryController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly delivery: DeliveryService,
  ) {}

  /** ?q=westie -> up to 8 ranked areas with this store's fee/ETA inline; no q -> every area. */
  @Get('areas')
  @ApiDoc({ query: deliveryAreasQuerySchema })
  async areas(@Ctx() ctx: RequestContext, @StoreSlug() store: string, @Query() query: unknown) {
    const { q, subtotal } = parseInput(deliveryAreasQuerySchema, query, 'query');
    const tenant = await this.tenancy.scope(ctx, store);
    return this.delivery.areas(tenant, q, subtotal);
  }

  /** ?area=<slug>&subtotal=<KES> -> fee, free delivery, ETA, pickup. */
  @Get('quote')
  @ApiDoc({ query: deliveryQuoteQuerySchema })
  async quote(@Ctx() ctx: RequestContext, @StoreSlug() store: string, @Query() query: unknown) {
    const { area, subtotal } = parseInput(deliveryQuoteQuerySchema, query, 'query');
    const tenant = await this.tenancy.scope(ctx, store);
    return this.delivery.quote(tenant, area, subtotal);
  }
}
