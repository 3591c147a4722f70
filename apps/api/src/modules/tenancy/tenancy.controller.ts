import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import { TenancyService } from './tenancy.service';
import { Ctx } from '../auth/auth.decorators';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const resolveQuery = z.object({
  host: z
    .string()
    .min(1)
    .max(253)
    .regex(/^[a-zA-Z0-9.-]+(:\d{1,5})?$/, 'must be a host name'),
});

@Controller('v1/tenants')
export class TenancyController {
  constructor(private readonly tenancy: TenancyService) {}

  /** For the web app: which store does a custom domain belong to? */
  @Get('resolve')
  @ApiDoc({ query: resolveQuery })
  async resolve(@Ctx() ctx: RequestContext, @Query() query: unknown) {
    const { host } = parseInput(resolveQuery, query, 'query');
    const tenant = await this.tenancy.scope(ctx, host.replace(/:\d+$/, ''));
    return { slug: tenant.tenantSlug };
  }
}
