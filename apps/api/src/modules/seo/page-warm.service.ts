import http from 'node:http';
import https from 'node:https';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, LOGGER, QUEUES } from '../../platform/tokens';
import { enqueue, type QueueName } from '../../queues/queues';
import type { RequestContext } from '../../platform/request-context';
import { SitemapRepository } from './sitemap.repository';

/** Request header the web's page cache (apps/web/page-cache.mjs) takes as "render and store now". */
const WARM_HEADER = 'x-sokoni-cache-warm';
/** Purges come in bursts (a CSV import, several edits): one warm-up per store per this window. */
const WARM_DEBOUNCE_MS = 2_000;
/** Two pages at a time: warming must not crowd out shoppers on a small web server. */
const CONCURRENCY = 2;
const PAGE_TIMEOUT_MS = 15_000;

export interface WarmResult {
  pages: number;
  stored: number;
  failed: number;
}

/**
 * Fills the web's page cache with a store's main pages (home, categories, newest products, first
 * areas) so the first shopper after a purge or a web restart gets a cached page. The pages are
 * asked for as a shopper would reach them: the store's public host (its primary custom domain,
 * else STOREFRONT_URL_TEMPLATE) and scheme, default language, no cookies; the connection goes to
 * the web server of WEB_REVALIDATE_URL. The warm header (REVALIDATE_SECRET) makes the web render
 * even over a fresh entry, so a scheduled warm-up also refreshes.
 */
@Injectable()
export class PageWarmService {
  constructor(
    private readonly repository: SitemapRepository,
    private readonly tenantDb: TenantDb,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  get enabled(): boolean {
    return Boolean(this.config.WEB_REVALIDATE_URL && this.config.REVALIDATE_SECRET);
  }

  /** Queues a warm-up of the context's store (after its pages were purged). */
  async schedule(ctx: RequestContext): Promise<void> {
    if (!this.enabled) return;
    await enqueue(
      this.queues.get('seo')!,
      'storefront.warm',
      ctx.tenantId,
      {},
      { delay: WARM_DEBOUNCE_MS, deduplication: { id: `warm:${ctx.tenantId}`, ttl: WARM_DEBOUNCE_MS } },
    );
  }

  /** The store's public origin and the paths to warm. */
  async targets(ctx: RequestContext): Promise<{ origin: URL; paths: string[] }> {
    return this.tenantDb.read(ctx, async (trx) => {
      const slug = await this.repository.storeSlug(trx);
      if (!slug) throw new Error(`page warm-up: tenant ${ctx.tenantId} not found`);
      const origin = new URL(this.config.STOREFRONT_URL_TEMPLATE.replace('{slug}', slug));
      const customHost = await this.repository.primaryHost(trx);
      if (customHost) origin.host = customHost;
      const [categories, products, areas] = await Promise.all([
        this.repository.categoriesWithProducts(trx),
        this.repository.newestProducts(trx, this.config.PAGE_WARM_PRODUCTS),
        this.repository.areaSlugs(trx),
      ]);
      const paths = [
        '/',
        ...categories.map((c) => `/c/${encodeURIComponent(c.slug)}`),
        ...products.map((p) => `/products/${encodeURIComponent(p.slug)}`),
        ...areas.slice(0, this.config.PAGE_WARM_AREAS).map((a) => `/areas/${encodeURIComponent(a.slug)}`),
      ];
      return { origin, paths };
    });
  }

  async warm(ctx: RequestContext): Promise<WarmResult> {
    if (!this.enabled) return { pages: 0, stored: 0, failed: 0 };
    const { origin, paths } = await this.targets(ctx);
    const result: WarmResult = { pages: paths.length, stored: 0, failed: 0 };
    const queue = [...paths];
    const next = async (): Promise<void> => {
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
        try {
          const status = await this.fetchPage(origin, path, ctx.correlationId);
          if (status === 200) result.stored++;
          else result.failed++;
        } catch (error) {
          result.failed++;
          this.logger.warn({ err: error, path }, 'page warm-up: page failed');
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, next));
    // Nothing answered (the web is down or still starting): fail, so BullMQ retries with backoff.
    if (result.pages > 0 && result.failed === result.pages) throw new Error('page warm-up: no page answered 200');
    return result;
  }

  /** GET of one page on the web server, with the store's Host (undici's fetch may not set Host). */
  private fetchPage(origin: URL, path: string, correlationId: string): Promise<number> {
    const web = new URL(this.config.WEB_REVALIDATE_URL!);
    const client = web.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = client.get(
        {
          protocol: web.protocol,
          hostname: web.hostname,
          port: web.port || undefined,
          path,
          timeout: PAGE_TIMEOUT_MS,
          headers: {
            host: origin.host,
            'x-forwarded-proto': origin.protocol.replace(':', ''),
            'x-request-id': correlationId,
            [WARM_HEADER]: this.config.REVALIDATE_SECRET!,
            accept: 'text/html',
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`timed out after ${PAGE_TIMEOUT_MS} ms`)));
      req.on('error', reject);
    });
  }
}
