import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { parseInput } from '../../platform/validation';
import { StoreSlug } from '../tenancy/store-slug.decorator';
import { TenancyService } from '../tenancy/tenancy.service';
import { collectorBatchSchema } from './collector.schema';
import { EventCollectorService } from './event-collector.service';
import { Ctx } from '../auth/auth.decorators';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

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
  @ApiDoc({ body: collectorBatchSchema })
  async collect(
    @Ctx() ctx: RequestContext,
    @StoreSlug() store: string,
    @Body() body: unknown,
    @Headers('user-agent') userAgent: string | undefined,
  ) {
    const batch = parseInput(collectorBatchSchema, body, 'body');
    const tenant = await this.tenancy.scope(ctx, store);
    return this.collector.collect(tenant, batch, userAgent ?? '');
  }
}
