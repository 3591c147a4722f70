import { Injectable } from '@nestjs/common';
import { sql, type TenantTransaction } from '@sokoni/db';

export interface SellableVariant {
  sku: string;
  product_slug: string;
  title: string;
  options: Record<string, string>;
  price_kes: number;
  on_hand: number;
  media_key: string | null;
  media_width: number | null;
  media_height: number | null;
}

@Injectable()
export class CartRepository {
  /** Variants a shopper can buy now: active variant of an active product, current price. */
  async sellable(trx: TenantTransaction, skus: string[]): Promise<Map<string, SellableVariant>> {
    if (skus.length === 0) return new Map();
    const result = await sql<SellableVariant>`
      SELECT v.sku, p.slug AS product_slug, p.title, v.options, vp.price_kes, v.on_hand,
             m.storage_key AS media_key, m.width AS media_width, m.height AS media_height
        FROM product_variants v
        JOIN products p ON p.id = v.product_id AND p.status = 'active'
        JOIN variant_prices vp ON vp.variant_id = v.id
        LEFT JOIN LATERAL (SELECT storage_key, width, height FROM product_media pm
                            WHERE pm.product_id = p.id ORDER BY pm.position LIMIT 1) m ON true
       WHERE v.status = 'active' AND v.sku = ANY (${skus})`.execute(trx);
    return new Map(result.rows.map((r) => [r.sku, r]));
  }
}
