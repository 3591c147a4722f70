import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QUEUES } from '../../platform/tokens';
import { enqueue, type QueueName } from '../../queues/queues';
import { SitemapService } from '../seo/sitemap.service';
import type { RequestContext } from '../../platform/request-context';

/**
 * After a catalog change commits: the storefront's cached pages for the store/product are
 * revalidated (seo job calls the web app's revalidate hook) and the sitemap is rebuilt.
 * Queued, so a slow or down web app never fails the owner's edit.
 */
@Injectable()
export class CatalogChangeNotifier {
  constructor(
    private readonly sitemaps: SitemapService,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
  ) {}

  async changed(ctx: RequestContext, storeSlug: string, productSlugs: string[]): Promise<void> {
    const tags = [`store:${storeSlug}`, ...productSlugs.map((p) => `product:${storeSlug}:${p}`)];
    await enqueue(this.queues.get('seo')!, 'storefront.revalidate', ctx.tenantId, { tags });
    await this.sitemaps.scheduleRegeneration(ctx);
  }
}
