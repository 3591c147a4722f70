/**
 * Canonical URLs and schema.org structured data. The host form (`<slug>.<PLATFORM_DOMAIN>`) is
 * canonical; `origin` comes from lib/request.ts. Image URLs are absolute (WhatsApp and search
 * engines fetch them without our page around them).
 */
import type {
  Area,
  MediaImage,
  ProductCard,
  ProductDetail,
  ProductReviews,
  StoreSummary,
  StorefrontPromotion,
} from '@sokoni/contracts';
import mediaLoader from './image-loader';
import { saleFor } from './promotions';

/** Width of the picture in link previews (WhatsApp shows ~300px; 640 is sharp and small). */
const SHARE_IMAGE_WIDTH = 640;

export function absoluteUrl(origin: string, path: string): string {
  return `${origin}${path === '/' ? '/' : path}`;
}

export function shareImageUrl(origin: string, image: MediaImage | null): string | undefined {
  return image ? `${origin}${mediaLoader({ src: image.url, width: SHARE_IMAGE_WIDTH })}` : undefined;
}

export interface Crumb {
  name: string;
  /** Canonical path ('/...'), absent for the current page. */
  path?: string;
}

export function breadcrumbJsonLd(origin: string, crumbs: Crumb[], currentPath: string): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((c, i) => ({
      '@type': 'ListItem',
      position: i + 1,
      name: c.name,
      item: absoluteUrl(origin, c.path ?? currentPath),
    })),
  };
}

function availability(inStock: boolean): string {
  return inStock ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock';
}

/** The store as a local business: name, place, M-Pesa, WhatsApp. */
export function storeJsonLd(
  origin: string,
  store: StoreSummary,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const phone = store.whatsappNumber ? `+${store.whatsappNumber.replace(/\D/g, '').replace(/^0/, '254')}` : undefined;
  return {
    '@context': 'https://schema.org',
    '@type': 'Store',
    '@id': `${origin}/#store`,
    name: store.name,
    description: store.tagline,
    url: `${origin}/`,
    telephone: phone,
    address: {
      '@type': 'PostalAddress',
      streetAddress: store.location,
      addressLocality: 'Nairobi',
      addressCountry: 'KE',
    },
    currenciesAccepted: 'KES',
    paymentAccepted: 'M-Pesa',
    areaServed: { '@type': 'City', name: 'Nairobi' },
    ...extra,
  };
}

/**
 * Product with one Offer per variant (SKU, KES price, availability). Prices are VAT-inclusive
 * integer shillings, which is what schema.org's `price` expects for KES.
 */
export function productJsonLd(
  origin: string,
  path: string,
  product: ProductDetail,
  store: StoreSummary,
  promotions: StorefrontPromotion[] = [],
): Record<string, unknown> {
  const url = absoluteUrl(origin, path);
  const images = (product.images.length > 0 ? product.images : product.image ? [product.image] : [])
    .map((img) => shareImageUrl(origin, img))
    .filter((u): u is string => !!u);
  const seller = { '@type': 'Organization', name: store.name, url: `${origin}/` };
  // An automatic promotion: `price` is what the shopper pays (the badge, = checkout, the same
  // saleFor the buy box uses), the regular price a strikethrough priceSpecification, valid
  // until the promotion ends when it has an end.
  const ends = promotions
    .filter((p) => p.productSlugs.includes(product.slug) && p.endsAt)
    .map((p) => p.endsAt!.slice(0, 10))
    .sort()[0];
  const priced = (priceKes: number, compareAtKes: number | null) => {
    const sale = saleFor(product.slug, priceKes, compareAtKes, promotions);
    if (sale.priceKes === priceKes) return { price: priceKes };
    return {
      price: sale.priceKes,
      ...(ends ? { priceValidUntil: ends } : {}),
      priceSpecification: {
        '@type': 'UnitPriceSpecification',
        priceType: 'https://schema.org/StrikethroughPrice',
        price: priceKes,
        priceCurrency: 'KES',
      },
    };
  };
  const offers =
    product.variants.length > 0
      ? product.variants.map((v) => ({
          '@type': 'Offer',
          sku: v.sku,
          url,
          priceCurrency: 'KES',
          ...priced(v.priceKes, v.compareAtKes),
          availability: availability(v.inStock),
          itemCondition: 'https://schema.org/NewCondition',
          seller,
        }))
      : [
          {
            '@type': 'Offer',
            url,
            priceCurrency: 'KES',
            ...priced(product.priceKes, product.compareAtKes),
            availability: availability(product.inStock),
            seller,
          },
        ];
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.title,
    description: product.description || undefined,
    sku: product.variants.length === 1 ? product.variants[0]!.sku : undefined,
    image: images.length > 0 ? images : undefined,
    brand: product.brand ? { '@type': 'Brand', name: product.brand } : undefined,
    category: product.category?.name,
    url,
    offers,
  };
}

/** A list of products (category/area pages): canonical links and names only, kept small. */
export function itemListJsonLd(origin: string, products: ProductCard[]): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'ItemList',
    itemListElement: products.map((p, i) => ({
      '@type': 'ListItem',
      position: i + 1,
      url: absoluteUrl(origin, `/products/${p.slug}`),
      name: p.title,
    })),
  };
}

/** The store's delivery to one Nairobi area (area SEO pages). */
export function areaServedJsonLd(origin: string, store: StoreSummary, area: Area): Record<string, unknown> {
  return storeJsonLd(origin, store, {
    areaServed: {
      '@type': 'Place',
      name: `${area.name}, Nairobi`,
      address: {
        '@type': 'PostalAddress',
        addressLocality: area.name,
        addressRegion: area.subCounty,
        addressCountry: 'KE',
      },
      geo: { '@type': 'GeoCoordinates', latitude: area.lat, longitude: area.lng },
    },
  });
}

/**
 * The product's JSON-LD with its reviews: `aggregateRating` (visible reviews only: hidden ones
 * are never counted) and the newest `review`s shown on the page. Unchanged without reviews
 * (schema.org wants no aggregateRating with a count of 0).
 */
export function withReviewsJsonLd(
  productLd: Record<string, unknown>,
  reviews: ProductReviews | null,
): Record<string, unknown> {
  const summary = reviews?.summary;
  if (!reviews || !summary || summary.count === 0 || summary.average === null) return productLd;
  return {
    ...productLd,
    aggregateRating: {
      '@type': 'AggregateRating',
      ratingValue: summary.average,
      reviewCount: summary.count,
      bestRating: 5,
      worstRating: 1,
    },
    review: reviews.items.map((r) => ({
      '@type': 'Review',
      reviewRating: { '@type': 'Rating', ratingValue: r.rating, bestRating: 5, worstRating: 1 },
      author: { '@type': 'Person', name: r.authorName },
      datePublished: r.createdAt.slice(0, 10),
      reviewBody: r.body || undefined,
    })),
  };
}
