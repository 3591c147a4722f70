import { Injectable } from '@nestjs/common';
import type { TenantTransaction } from '@sokoni/db';

@Injectable()
export class SitemapRepository {
  async storeSlug(trx: TenantTransaction): Promise<string | undefined> {
    return (await trx.selectFrom('tenants').select('slug').executeTakeFirst())?.slug;
  }

  /** The store's primary verified custom domain (modules/domains), canonical when there is one. */
  async primaryHost(trx: TenantTransaction): Promise<string | null> {
    const row = await trx
      .selectFrom('tenant_domains')
      .select('host')
      .where('is_primary', '=', true)
      .where('verified_at', 'is not', null)
      .executeTakeFirst();
    return row?.host ?? null;
  }

  async activeProducts(trx: TenantTransaction) {
    return trx
      .selectFrom('products')
      .select(['slug', 'updated_at'])
      .where('status', '=', 'active')
      .orderBy('slug')
      .execute();
  }

  /** The page cache warm-up's products: the newest active ones (what the home page leads with). */
  async newestProducts(trx: TenantTransaction, limit: number) {
    return trx
      .selectFrom('products')
      .select('slug')
      .where('status', '=', 'active')
      .orderBy('created_at', 'desc')
      .orderBy('slug')
      .limit(limit)
      .execute();
  }

  /** Categories that have at least one active product (empty category pages are thin content). */
  async categoriesWithProducts(trx: TenantTransaction) {
    return trx
      .selectFrom('categories as c')
      .select('c.slug')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('products as p')
            .select('p.id')
            .whereRef('p.category_id', '=', 'c.id')
            .where('p.status', '=', 'active'),
        ),
      )
      .orderBy('c.position')
      .execute();
  }

  async areaSlugs(trx: TenantTransaction) {
    return trx.selectFrom('nairobi_areas').select('slug').orderBy('slug').execute();
  }

  async find(trx: TenantTransaction) {
    return trx.selectFrom('sitemaps').select(['xml', 'url_count', 'generated_at']).executeTakeFirst();
  }

  async save(trx: TenantTransaction, tenantId: string, xml: string, urlCount: number): Promise<void> {
    await trx
      .insertInto('sitemaps')
      .values({ tenant_id: tenantId, xml, url_count: urlCount, generated_at: new Date() })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ xml, url_count: urlCount, generated_at: new Date() }))
      .execute();
  }
}
