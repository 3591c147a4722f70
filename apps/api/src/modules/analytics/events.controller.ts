import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { storeSlugSchema } from '@sokoni/contracts';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import { TenancyService } from '../tenancy/tenancy.service';
import { collectorBatchSchema } from './collector.schema';
import { EventCollectorService } from './event-collector.service';
import { Ctx } from '../auth/auth.decorators';
import type { RequestContext } from '../../platform/request-context';

const params = z.object({ store: storeSlugSchema });

@Controller('v1/stores/:store/events')
export class EventsController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly collector: EventCollectorService,
  ) {}

  /** Beacon intake. A shopper sends a handful of beacons a minute; 120/min per IP is generous. */
  @Post()
  @HttpCode(202)
  @RouteConfig({ rateLimit: { max: 120, timeWindow: 60_000 } })
  async collect(
    @Ctx() ctx: RequestContext,
    @Param() raw: unknown,
    @Body() body: unknown,
    @Headers('user-agent') userAgent: string | undefined,
  ) {
    const { store } = parseInput(params, raw, 'params');
    const batch = parseInput(collectorBatchSchema, body, 'body');
    const tenant = await this.tenancy.scope(ctx, store);
    return this.collector.collect(tenant, batch, userAgent ?? '');
  }
}
