/**
 * Shapes of the demo seed data. The data files under ./data are plain literals of these types so
 * a reviewer can read a catalog like a spreadsheet; the seeder turns them into rows.
 */

/** Drawn into the generated product image (SVG rendered to WebP with sharp). */
export type ImageMotif =
  | 'phone'
  | 'laptop'
  | 'tablet'
  | 'earbuds'
  | 'headphones'
  | 'charger'
  | 'tv'
  | 'speaker'
  | 'watch'
  | 'smartwatch'
  | 'shirt'
  | 'dress'
  | 'trousers'
  | 'shoe'
  | 'bag'
  | 'jacket'
  | 'sofa'
  | 'lamp'
  | 'pot'
  | 'bed'
  | 'rug'
  | 'mug'
  | 'plant'
  | 'box';

export interface SeedVariant {
  /** Unique within the store, e.g. "TEC-SPK20-128-BLK". */
  sku: string;
  /** Option name -> value, keys exactly the product's optionNames, e.g. { Storage: '128GB', Colour: 'Black' }. */
  options: Record<string, string>;
  /** Integer KES, VAT inclusive, a realistic Nairobi retail price. */
  priceKes: number;
  /** Integer KES "was" price when on offer, greater than priceKes. */
  compareAtKes?: number;
  /** Units on hand at seed time (0 allowed for a few, to show "out of stock"). */
  stock: number;
}

export interface SeedProduct {
  /** URL slug, unique within the store: lowercase a-z0-9 and hyphens. */
  slug: string;
  title: string;
  brand?: string;
  /** Must be one of the store's categories[].slug. */
  categorySlug: string;
  /** 1-3 sentences a Nairobi shopper would find useful (warranty, fit, material, what's in the box). */
  description: string;
  /** Option axes in display order, e.g. ['Storage', 'Colour'] or ['Size', 'Colour']; [] for a single variant. */
  optionNames: string[];
  /** At least one. A product with optionNames [] has exactly one variant with options {}. */
  variants: SeedVariant[];
  image: {
    motif: ImageMotif;
    /** Background and accent colours as #rrggbb. */
    background: string;
    accent: string;
  };
}

export interface SeedCategory {
  slug: string;
  name: string;
  /** A top-level category of the store this one is inside (one level of nesting, migration 0026). */
  parentSlug?: string;
}

export interface SeedStore {
  slug: string;
  name: string;
  vertical: 'electronics' | 'fashion' | 'watches' | 'home';
  tagline: string;
  /** MSISDN 2547XXXXXXXX / 2541XXXXXXXX. */
  whatsappNumber: string;
  /** Where the shop is, e.g. "Moi Avenue, Nairobi CBD". */
  location: string;
  /** Till (CustomerBuyGoodsOnline) or paybill, demo numbers only. */
  mpesa: { kind: 'till' | 'paybill'; shortcode: string };
  returnPolicy: string;
  /** The storefront's language for shoppers who have not picked one (migration 0033); 'en' if absent. */
  defaultLanguage?: 'en' | 'sw';
  categories: SeedCategory[];
  /** At least 40. */
  products: SeedProduct[];
}

export interface SeedArea {
  /** e.g. "westlands", "south-b". */
  slug: string;
  name: string;
  ward: string;
  subCounty: string;
  /** WGS84, approximate centre of the estate. */
  lat: number;
  lng: number;
  /** What people actually type or say: "Westie", "Wessy" ... lowercase. May be []. */
  aliases: string[];
}
