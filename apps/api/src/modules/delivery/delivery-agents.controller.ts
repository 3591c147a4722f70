import { Controller, Get, Param, Query } from '@nestjs/common';
import { pickupAgentsQuerySchema, storeSlugSchema, type PickupAgentList } from '@sokoni/contracts';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import { TenancyService } from '../tenancy/tenancy.service';
import { DeliveryAgentsService } from './delivery-agents.service';
import { Ctx } from '../auth/auth.decorators';
import type { RequestContext } from '../../platform/request-context';

const storeParams = z.object({ store: storeSlugSchema });

/** Shopper side: the partner's agent points near an area, for "collect at an agent point". */
@Controller('v1/stores/:store/delivery')
export class DeliveryAgentsController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly agents: DeliveryAgentsService,
  ) {}

  @Get('agents')
  async list(@Ctx() ctx: RequestContext, @Param() params: unknown, @Query() query: unknown): Promise<PickupAgentList> {
    const { store } = parseInput(storeParams, params, 'params');
    const { area } = parseInput(pickupAgentsQuerySchema, query, 'query');
    await this.tenancy.scope(ctx, store);
    return { area: area ?? null, agents: await this.agents.list(area) };
  }
}
