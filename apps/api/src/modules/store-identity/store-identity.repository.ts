import { Injectable } from '@nestjs/common';
import { sql, type StoreMediaRendition, type TenantTransaction } from '@sokoni/db';
import { productCardSql } from '../catalog/product-card.repository';
import type { ProductCardRow } from '../catalog/product-card';

export interface IdentityRow {
  brand_color: string;
  logo_media_id: string | null;
  hero_media_id: string | null;
  hero_headline: string | null;
  hero_text: string | null;
  hero_link: string | null;
  hero_link_label: string | null;
  announcement: string | null;
  announcement_link: string | null;
  sections: unknown[];
  legal_name: string | null;
  physical_address: string | null;
  opening_hours: string | null;
  updated_at: Date;
}

export interface BrandingFields {
  brand_color: string;
  hero_headline: string | null;
  hero_text: string | null;
  hero_link: string | null;
  hero_link_label: string | null;
  announcement: string | null;
  announcement_link: string | null;
  sections: unknown[];
}

export interface BusinessFields {
  legal_name: string;
  physical_address: string;
  opening_hours: string;
}

export interface StoreMediaRow {
  id: string;
  kind: 'logo' | 'hero';
  storage_key: string;
  width: number;
  height: number;
}

/** Days of paid orders the "best sellers" section counts. */
const BEST_SELLER_DAYS = 90;
const PAID_STATUSES = ['paid', 'packed', 'dispatched', 'delivered'];

/**
 * store_identity and store_media (owned here), plus read models for the home page sections:
 * product cards (the catalog's card SQL), paid order lines, categories, collections and the
 * store's delivery areas. Every statement names the tenant as well as relying on RLS.
 */
@Injectable()
export class StoreIdentityRepository {
  find(trx: TenantTransaction, tenantId: string): Promise<IdentityRow | undefined> {
    return trx
      .selectFrom('store_identity')
      .select([
        'brand_color',
        'logo_media_id',
        'hero_media_id',
        'hero_headline',
        'hero_text',
        'hero_link',
        'hero_link_label',
        'announcement',
        'announcement_link',
        'sections',
        'legal_name',
        'physical_address',
        'opening_hours',
        'updated_at',
      ])
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
  }

  /** The store's row of tenants (read model): vertical for the defaults, the KRA PIN. */
  store(trx: TenantTransaction, tenantId: string) {
    return trx
      .selectFrom('tenants')
      .select(['slug', 'name', 'vertical', 'kra_pin'])
      .where('id', '=', tenantId)
      .executeTakeFirst();
  }

  async media(trx: TenantTransaction, tenantId: string, ids: (string | null)[]): Promise<StoreMediaRow[]> {
    const wanted = ids.filter((id): id is string => id !== null);
    if (wanted.length === 0) return [];
    return trx
      .selectFrom('store_media')
      .select(['id', 'kind', 'storage_key', 'width', 'height'])
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', wanted)
      .execute();
  }

  /** Saves the look; a first save also creates the row (business details empty). */
  async upsertBranding(trx: TenantTransaction, tenantId: string, fields: BrandingFields): Promise<void> {
    const values = { ...fields, sections: JSON.stringify(fields.sections) };
    await trx
      .insertInto('store_identity')
      .values({ tenant_id: tenantId, ...values })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
      .execute();
  }

  /** Saves the business details; a first save takes the vertical's look (`defaults`). */
  async upsertBusiness(
    trx: TenantTransaction,
    tenantId: string,
    fields: BusinessFields,
    defaults: BrandingFields,
  ): Promise<void> {
    await trx
      .insertInto('store_identity')
      .values({ tenant_id: tenantId, ...defaults, sections: JSON.stringify(defaults.sections), ...fields })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(fields))
      .execute();
  }

  /** Points the logo or hero at a picture (creating the row with the vertical's look if needed). */
  async setPicture(
    trx: TenantTransaction,
    tenantId: string,
    kind: 'logo' | 'hero',
    mediaId: string | null,
    defaults: BrandingFields,
  ): Promise<void> {
    const column = kind === 'logo' ? 'logo_media_id' : 'hero_media_id';
    await trx
      .insertInto('store_identity')
      .values({ tenant_id: tenantId, ...defaults, sections: JSON.stringify(defaults.sections), [column]: mediaId })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ [column]: mediaId }))
      .execute();
  }

  async insertMedia(
    trx: TenantTransaction,
    row: {
      tenant_id: string;
      kind: 'logo' | 'hero';
      storage_key: string;
      content_type: string;
      width: number;
      height: number;
      bytes: number;
      renditions: StoreMediaRendition[];
    },
  ): Promise<string> {
    const { id } = await trx
      .insertInto('store_media')
      .values({ ...row, renditions: JSON.stringify(row.renditions) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  /** Collections with products (read model): what a featured-collection section can show. */
  collections(trx: TenantTransaction, tenantId: string) {
    return trx
      .selectFrom('collections')
      .select(['id', 'slug', 'title'])
      .where('tenant_id', '=', tenantId)
      .orderBy('title')
      .execute();
  }

  async collectionCards(trx: TenantTransaction, tenantId: string, collectionId: string, limit: number) {
    const result = await sql<ProductCardRow>`
      ${productCardSql()}
        JOIN collection_products cp ON cp.tenant_id = p.tenant_id AND cp.product_id = p.id
       WHERE p.tenant_id = ${tenantId} AND cp.collection_id = ${collectionId} AND p.status = 'active'
       ORDER BY cp.position, p.slug
       LIMIT ${limit}`.execute(trx);
    return result.rows;
  }

  /** Most units sold in paid orders of the last 90 days (cancelled and unpaid orders do not count). */
  async bestSellers(trx: TenantTransaction, tenantId: string, limit: number) {
    const result = await sql<ProductCardRow>`
      WITH sold AS (
        SELECT v.product_id, sum(oi.quantity) AS units
          FROM order_items oi
          JOIN orders o ON o.tenant_id = oi.tenant_id AND o.id = oi.order_id
          JOIN product_variants v ON v.tenant_id = oi.tenant_id AND v.id = oi.variant_id
         WHERE oi.tenant_id = ${tenantId} AND o.tenant_id = ${tenantId}
           AND o.status IN (${sql.join(PAID_STATUSES)})
           AND o.created_at > now() - make_interval(days => ${BEST_SELLER_DAYS})
         GROUP BY v.product_id)
      ${productCardSql()}
        JOIN sold ON sold.product_id = p.id
       WHERE p.tenant_id = ${tenantId} AND p.status = 'active'
       ORDER BY sold.units DESC, p.slug
       LIMIT ${limit}`.execute(trx);
    return result.rows;
  }

  async newArrivals(trx: TenantTransaction, tenantId: string, limit: number) {
    const result = await sql<ProductCardRow>`
      ${productCardSql()}
       WHERE p.tenant_id = ${tenantId} AND p.status = 'active'
       ORDER BY p.created_at DESC, p.slug
       LIMIT ${limit}`.execute(trx);
    return result.rows;
  }

  /** Top-level categories with active products, each with its first product's picture. */
  async categoryTiles(trx: TenantTransaction, tenantId: string) {
    const result = await sql<{
      slug: string;
      name: string;
      product_count: number;
      media_key: string | null;
      media_width: number | null;
      media_height: number | null;
    }>`
      SELECT c.slug, c.name, count(p.id)::int AS product_count,
             pic.storage_key AS media_key, pic.width AS media_width, pic.height AS media_height
        FROM categories c
        JOIN products p ON p.tenant_id = c.tenant_id AND p.category_id = c.id AND p.status = 'active'
        LEFT JOIN LATERAL (
              SELECT pm.storage_key, pm.width, pm.height
                FROM products p2
                JOIN product_media pm ON pm.tenant_id = p2.tenant_id AND pm.product_id = p2.id
               WHERE p2.tenant_id = c.tenant_id AND p2.category_id = c.id AND p2.status = 'active'
               ORDER BY p2.created_at DESC, p2.slug, pm.position LIMIT 1) pic ON true
       WHERE c.tenant_id = ${tenantId}
       GROUP BY c.id, c.slug, c.name, c.position, pic.storage_key, pic.width, pic.height
       ORDER BY c.position, c.name`.execute(trx);
    return result.rows;
  }

  /** The store's delivery areas, fastest and cheapest first (zone values unless the area overrides them). */
  async deliveryAreas(trx: TenantTransaction, tenantId: string, limit: number) {
    const result = await sql<{
      slug: string;
      name: string;
      fee_kes: number;
      eta_hours_min: number;
      eta_hours_max: number;
    }>`
      SELECT a.slug, a.name,
             (coalesce(za.fee_kes, z.fee_kes) + za.surcharge_kes)::int AS fee_kes,
             coalesce(za.eta_hours_min, z.eta_hours_min) AS eta_hours_min,
             coalesce(za.eta_hours_max, z.eta_hours_max) AS eta_hours_max
        FROM delivery_zone_areas za
        JOIN delivery_zones z ON z.tenant_id = za.tenant_id AND z.id = za.zone_id
        JOIN nairobi_areas a ON a.slug = za.area_slug
       WHERE za.tenant_id = ${tenantId}
       ORDER BY eta_hours_max, fee_kes, a.name
       LIMIT ${limit}`.execute(trx);
    return result.rows;
  }
}
