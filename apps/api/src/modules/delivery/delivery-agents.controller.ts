import { Controller, Get, Query } from '@nestjs/common';
import { pickupAgentsQuerySchema, type PickupAgentList } from '@sokoni/contracts';
import { parseInput } from '../../platform/validation';
import { StoreSlug } from '../tenancy/store-slug.decorator';
import { TenancyService } from '../tenancy/tenancy.service';
import { DeliveryAgentsService } from './delivery-agents.service';
import { Ctx } from '../auth/auth.decorators';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

/** Shopper side: the partner's agent points near an area, for "collect at an agent point". */
@Controller('v1/stores/:store/delivery')
export class DeliveryAgentsController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly agents: DeliveryAgentsService,
  ) {}

  @Get('agents')
  @ApiDoc({ query: pickupAgentsQuerySchema })
  async list(
    @Ctx() ctx: RequestContext,
    @StoreSlug() store: string,
    @Query() query: unknown,
  ): Promise<PickupAgentList> {
    const { area } = parseInput(pickupAgentsQuerySchema, query, 'query');
    await this.tenancy.scope(ctx, store);
    return { area: area ?? null, agents: await this.agents.list(area) };
  }
}
