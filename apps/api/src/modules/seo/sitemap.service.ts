import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { AppConfig } from '../../config/config';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, QUEUES } from '../../platform/tokens';
import { enqueue, type QueueName } from '../../queues/queues';
import { SitemapRepository } from './sitemap.repository';
import type { RequestContext } from '../../platform/request-context';

/** Catalog edits come in bursts: one regeneration per store per this window. */
const REGENERATE_DEBOUNCE_MS = 10_000;

function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** sitemap.xml per store: home, categories, products, Nairobi area delivery pages. */
@Injectable()
export class SitemapService {
  constructor(
    private readonly repository: SitemapRepository,
    private readonly tenantDb: TenantDb,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
  ) {}

  /** Builds and stores the sitemap (the seo worker job; also on first request). */
  async generate(ctx: RequestContext): Promise<{ xml: string; urlCount: number }> {
    return this.tenantDb.run(ctx, async (trx) => {
      const slug = await this.repository.storeSlug(trx);
      if (!slug) throw new Error(`sitemap: tenant ${ctx.tenantId} not found`);
      const template = this.config.STOREFRONT_URL_TEMPLATE.replace('{slug}', slug).replace(/\/+$/, '');
      // A verified primary custom domain is canonical (same scheme as the platform's storefronts).
      const customHost = await this.repository.primaryHost(trx);
      const base = customHost ? `${new URL(template).protocol}//${customHost}` : template;
      const [products, categories, areas] = await Promise.all([
        this.repository.activeProducts(trx),
        this.repository.categoriesWithProducts(trx),
        this.repository.areaSlugs(trx),
      ]);
      const lastCatalogChange = products.reduce((max, p) => Math.max(max, new Date(p.updated_at).getTime()), 0);
      const urls: { loc: string; lastmod?: string; priority: string }[] = [
        {
          loc: `${base}/`,
          lastmod: lastCatalogChange ? new Date(lastCatalogChange).toISOString() : undefined,
          priority: '1.0',
        },
        ...categories.map((c) => ({ loc: `${base}/c/${c.slug}`, priority: '0.8' })),
        ...products.map((p) => ({
          loc: `${base}/products/${p.slug}`,
          lastmod: new Date(p.updated_at).toISOString(),
          priority: '0.7',
        })),
        ...areas.map((a) => ({ loc: `${base}/areas/${a.slug}`, priority: '0.4' })),
      ];
      const xml =
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
        urls
          .map(
            (u) =>
              `  <url><loc>${escapeXml(u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod}</lastmod>` : ''}<priority>${u.priority}</priority></url>`,
          )
          .join('\n') +
        '\n</urlset>\n';
      await this.repository.save(trx, ctx.tenantId, xml, urls.length);
      return { xml, urlCount: urls.length };
    });
  }

  async current(ctx: RequestContext): Promise<string> {
    const stored = await this.tenantDb.read(ctx, (trx) => this.repository.find(trx));
    return stored?.xml ?? (await this.generate(ctx)).xml;
  }

  /** Called when the catalog changes: the worker regenerates once the burst of edits settles. */
  async scheduleRegeneration(ctx: RequestContext): Promise<void> {
    await enqueue(
      this.queues.get('seo')!,
      'sitemap.generate',
      ctx.tenantId,
      {},
      {
        delay: REGENERATE_DEBOUNCE_MS,
        deduplication: { id: `sitemap:${ctx.tenantId}`, ttl: REGENERATE_DEBOUNCE_MS },
      },
    );
  }
}
