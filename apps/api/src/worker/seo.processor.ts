import type { RequestContext } from '../platform/request-context';
import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { AppConfig } from '../config/config';
import { CONFIG } from '../platform/tokens';
import { SitemapService } from '../modules/seo/sitemap.service';
import { jobPayload, jobTenantContext } from '../queues/jobs';
import type { JobEnvelope } from '../queues/queues';
import type { JobProcessor } from './job-processor';

/**
 * sitemap.generate: rebuild one store's sitemap after its catalog changed.
 * storefront.revalidate: tell the web app to drop cached pages/data for the changed tags, so an
 * owner's price edit shows within seconds instead of at the next 30 s expiry.
 */
@Injectable()
export class SeoProcessor implements JobProcessor {
  readonly queue = 'seo' as const;

  constructor(
    private readonly sitemaps: SitemapService,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async process(ctx: RequestContext, job: Job<JobEnvelope>): Promise<unknown> {
    switch (job.name) {
      case 'sitemap.generate': {
        const { urlCount } = await this.sitemaps.generate(jobTenantContext(ctx, job));
        return { urlCount };
      }
      case 'storefront.revalidate':
        return this.revalidate(jobPayload('storefront.revalidate', job).tags);
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
