import { Controller, Get, Header, Param } from '@nestjs/common';
import { storeSlugSchema } from '@sokoni/contracts';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import { TenancyService } from '../tenancy/tenancy.service';
import { SitemapService } from './sitemap.service';
import { Ctx } from '../auth/auth.decorators';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const params = z.object({ store: storeSlugSchema });

@Controller('v1/stores/:store/sitemap.xml')
export class SitemapController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly sitemaps: SitemapService,
  ) {}

  @Get()
  @Header('content-type', 'application/xml; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  @ApiDoc({ params: params })
  async sitemap(@Ctx() ctx: RequestContext, @Param() raw: unknown): Promise<string> {
    const { store } = parseInput(params, raw, 'params');
    const tenant = await this.tenancy.scope(ctx, store);
    return this.sitemaps.current(tenant);
  }
}
