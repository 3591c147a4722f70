import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { SitemapService } from '../modules/seo/sitemap.service';
import type { JobEnvelope } from '../queues/queues';
import type { JobProcessor } from './job-processor';

/** sitemap.generate: rebuild one store's sitemap after its catalog changed. */
@Injectable()
export class SeoProcessor implements JobProcessor {
  readonly queue = 'seo' as const;

  constructor(private readonly sitemaps: SitemapService) {}

  async process(job: Job<JobEnvelope>): Promise<unknown> {
    if (job.name !== 'sitemap.generate') throw new Error(`seo: no handler for job "${job.name}"`);
    if (!job.data.tenantId) throw new Error('sitemap.generate without a tenant');
    const { urlCount } = await this.sitemaps.generate(job.data.tenantId);
    return { urlCount };
  }
}
