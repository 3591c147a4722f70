import { Body, Controller, Get, HttpCode, Param, Query, UseGuards } from '@nestjs/common';
import { addDomainSchema, domainHostSchema } from '@sokoni/contracts';
import { z } from 'zod';
import { ApiError } from '../../platform/api-error';
import type { RequestContext } from '../../platform/request-context';
import { parseInput } from '../../platform/validation';
import { Ctx, OwnerDelete, OwnerGet, OwnerPost } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import { DomainMetrics } from './domain-metrics';
import { DomainRoutingService } from './domain-routing.service';
import { DomainsService } from './domains.service';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const idParams = z.object({ id: z.string().uuid('not a domain id') });

/** The owner's custom domains (settings.write: owners and admins; staff never change the store's address). */
@Controller('v1/owner/settings/domains')
@UseGuards(OwnerAuthGuard)
export class OwnerDomainsController {
  constructor(private readonly domains: DomainsService) {}

  @OwnerGet('', 'settings.write')
  list(@Ctx() ctx: RequestContext) {
    return this.domains.list(ctx);
  }

  @OwnerPost('', 'settings.write')
  @HttpCode(201)
  @ApiDoc({ body: addDomainSchema })
  async add(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    const { host } = parseInput(addDomainSchema, body ?? {}, 'body');
    return { domain: await this.domains.add(ctx, host) };
  }

  @OwnerPost(':id/check', 'settings.write')
  @HttpCode(200)
  @ApiDoc({ params: idParams })
  async check(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { id } = parseInput(idParams, params, 'params');
    return { domain: await this.domains.check(ctx, id) };
  }

  @OwnerPost(':id/primary', 'settings.write')
  @HttpCode(200)
  @ApiDoc({ params: idParams })
  async primary(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { id } = parseInput(idParams, params, 'params');
    return { domain: await this.domains.makePrimary(ctx, id) };
  }

  @OwnerDelete(':id', 'settings.write')
  @HttpCode(200)
  @ApiDoc({ params: idParams })
  async remove(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { id } = parseInput(idParams, params, 'params');
    return { removed: await this.domains.remove(ctx, id) };
  }
}

const lookupQuery = z.union([
  z.object({ host: domainHostSchema }).strict(),
  z.object({ store: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a store slug') }).strict(),
]);
const askQuery = z.object({ domain: z.string().min(1).max(300) });

/** The address a TLS ask may come from: loopback or a private network (Caddy beside the API). */
function isInternal(ip: string | undefined): boolean {
  if (!ip) return true;
  const v4 = ip.replace(/^::ffff:/, '');
  return (
    v4 === '::1' ||
    /^127\./.test(v4) ||
    /^10\./.test(v4) ||
    /^192\.168\./.test(v4) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(v4) ||
    /^f[cd][0-9a-f]{2}:/i.test(v4)
  );
}

@Controller()
export class DomainRoutingController {
  constructor(
    private readonly routing: DomainRoutingService,
    private readonly metrics: DomainMetrics,
  ) {}

  /** For the web's proxy: which store does this custom host serve, and what is a store's canonical host? */
  @Get('v1/domains/lookup')
  @ApiDoc({ query: lookupQuery })
  lookup(@Ctx() ctx: RequestContext, @Query() query: unknown) {
    const by = parseInput(lookupQuery, query, 'query');
    return this.routing.lookup(ctx, by);
  }

  /**
   * Caddy's on-demand TLS `ask` (GET ?domain=): 200 = issue/serve a certificate, anything else
   * = refuse. Internal: callers outside loopback/private networks get 404.
   */
  @Get('internal/tls/ask')
  @ApiDoc({ query: askQuery })
  async ask(@Ctx() ctx: RequestContext, @Query() query: unknown) {
    if (!isInternal(ctx.ip)) throw ApiError.notFound('not_found', 'Not found');
    const { domain } = parseInput(askQuery, query, 'query');
    try {
      const { allowed } = await this.routing.ask(ctx, domain);
      this.metrics.tlsAsks.inc({ answer: allowed ? 'allowed' : 'denied' });
      if (!allowed) throw ApiError.notFound('not_found', 'No certificate for this host', { domain });
      return { allowed: true };
    } catch (error) {
      if (error instanceof ApiError && error.status === 429) this.metrics.tlsAsks.inc({ answer: 'rate_limited' });
      throw error;
    }
  }
}
