import { Controller, Get, Param } from '@nestjs/common';
import { storeSlugSchema } from '@sokoni/contracts';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import type { RequestContext } from '../../platform/request-context';
import { Ctx } from '../auth/auth.decorators';
import { TenancyService } from '../tenancy/tenancy.service';
import { PromotionsService } from './promotions.service';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const storeParams = z.object({ store: storeSlugSchema });

/** The automatic promotions running now, for the storefront's sale badges and promotion strip. */
@Controller('v1/stores/:store/promotions')
export class StorefrontPromotionsController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly promotions: PromotionsService,
  ) {}

  @Get()
  @ApiDoc({ params: storeParams })
  async list(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { store } = parseInput(storeParams, params, 'params');
    return this.promotions.storefront(await this.tenancy.scope(ctx, store));
  }
}
