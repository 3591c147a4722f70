import type { MediaImage, ProductCard } from '@sokoni/contracts';

/**
 * The product card (listing, search, related): one row per product with the price a shopper pays
 * now (lowest active variant, sales applied as variant_prices applies them), whether any active
 * variant is in stock, and the first image. Every list shows the same card: the shared SQL is
 * productCardSql (product-card.repository.ts), reading the product_cards read model that
 * Postgres keeps by trigger (migration 0047).
 */
export interface ProductCardRow {
  id: string;
  slug: string;
  title: string;
  brand: string | null;
  created_at: string;
  category_slug: string | null;
  category_name: string | null;
  price_kes: number | null;
  compare_at_kes: number | null;
  in_stock: boolean;
  media_key: string | null;
  media_width: number | null;
  media_height: number | null;
  media_alt: string | null;
}

export function toProductCard(row: ProductCardRow): ProductCard {
  return {
    slug: row.slug,
    title: row.title,
    brand: row.brand,
    category: row.category_slug && row.category_name ? { slug: row.category_slug, name: row.category_name } : null,
    priceKes: row.price_kes ?? 0,
    compareAtKes: row.compare_at_kes,
    inStock: row.in_stock,
    image:
      row.media_key && row.media_width && row.media_height
        ? mediaImage(row.media_key, row.media_width, row.media_height, row.media_alt ?? row.title)
        : null,
  };
}

export function mediaImage(storageKey: string, width: number, height: number, alt: string): MediaImage {
  return { url: `/media/${storageKey}`, width, height, alt };
}
