import type { RequestContext } from '../platform/request-context';
import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { AppConfig } from '../config/config';
import { CONFIG } from '../platform/tokens';
import { AggregationService } from '../modules/insights/aggregation.service';
import { PageWarmService } from '../modules/seo/page-warm.service';
import { SitemapService } from '../modules/seo/sitemap.service';
import { jobPayload, jobTenantContext } from '../queues/jobs';
import type { JobEnvelope } from '../queues/queues';
import type { JobProcessor, JobSchedule } from './job-processor';

/**
 * sitemap.generate: rebuild one store's sitemap after its catalog changed.
 * storefront.revalidate: tell the web app to drop cached pages/data for the changed tags, so an
 * owner's price edit shows within seconds instead of at the next 30 s expiry; then the store's
 * pages are warmed again.
 * storefront.warm: one store's main pages rendered into the web's page cache (PageWarmService).
 * storefront.warm-all (every PAGE_WARM_INTERVAL_MS, and at worker start): a warm-up queued for
 * every store, so a restarted web server is warm again without waiting for a shopper.
 */
@Injectable()
export class SeoProcessor implements JobProcessor {
  readonly queue = 'seo' as const;
  readonly schedules: readonly JobSchedule[];

  constructor(
    private readonly sitemaps: SitemapService,
    private readonly warmer: PageWarmService,
    private readonly aggregation: AggregationService,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {
    this.schedules =
      config.PAGE_WARM_INTERVAL_MS > 0 && warmer.enabled
        ? [{ id: 'storefront-warm-all', everyMs: config.PAGE_WARM_INTERVAL_MS, jobName: 'storefront.warm-all' }]
        : [];
  }

  async process(ctx: RequestContext, job: Job<JobEnvelope>): Promise<unknown> {
    switch (job.name) {
      case 'sitemap.generate': {
        const { urlCount } = await this.sitemaps.generate(jobTenantContext(ctx, job));
        return { urlCount };
      }
      case 'storefront.revalidate': {
        const answer = await this.revalidate(jobPayload('storefront.revalidate', job).tags);
        // The purge emptied the store's cached pages: fill them again before shoppers ask.
        if (ctx.tenant) await this.warmer.schedule(ctx);
        return answer;
      }
      case 'storefront.warm':
        return this.warmer.warm(jobTenantContext(ctx, job));
      case 'storefront.warm-all': {
        // The store list through insights' SECURITY DEFINER lookup (every store not suspended).
        const stores = await this.aggregation.acrossTenantsIds();
        for (const tenantId of stores) await this.warmer.schedule(ctx.withTenant({ tenantId }));
        return { stores: stores.length };
      }
      default:
        throw new Error(`seo: no handler for job "${job.name}"`);
    }
  }

  private async revalidate(tags: string[]): Promise<unknown> {
    if (!this.config.WEB_REVALIDATE_URL || !this.config.REVALIDATE_SECRET)
      return { skipped: 'WEB_REVALIDATE_URL not configured' };
    const res = await fetch(this.config.WEB_REVALIDATE_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-revalidate-secret': this.config.REVALIDATE_SECRET },
      body: JSON.stringify({ tags }),
      signal: AbortSignal.timeout(5_000),
    });
    // Thrown errors are retried with backoff by BullMQ; the web app may be restarting.
    if (!res.ok) throw new Error(`web revalidate answered ${res.status}`);
    return { revalidated: tags };
  }
}
