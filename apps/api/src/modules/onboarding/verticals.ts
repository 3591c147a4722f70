import type { OwnerProductCreate } from '@sokoni/contracts';
// The demo catalogs are the source of realistic Nairobi products, prices and image motifs; the
// seed package does not re-export them from its index, so they are imported from its build.
import { demoStores, type SeedProduct, type SeedStore } from '@sokoni/db/dist/seed/index';

import { VERTICALS, type Vertical } from '@sokoni/contracts';

export { VERTICALS, type Vertical };

export interface VerticalDefaults {
  label: string;
  /** Categories a new store of this kind starts with (slug, name), in display order. */
  categories: { slug: string; name: string }[];
  /** Shown on the storefront under the store name until the owner writes their own. */
  tagline: string;
  /** Suggested in the policy step (pre-filled in the form); saved only when the owner saves it. */
  returnPolicy: string;
}

const COPY: Record<Vertical, { label: string; tagline: string; returnPolicy: string }> = {
  electronics: {
    label: 'Phones & electronics',
    tagline: 'Genuine phones, laptops and accessories, delivered across Nairobi',
    returnPolicy:
      'Return within 7 days if the item is faulty or not as described, sealed or with all accessories and the original box. ' +
      'Every phone and laptop carries the manufacturer warranty (12 months unless stated). ' +
      'Opened items that work are exchanged, not refunded. Refunds go back to your M-Pesa number within 3 working days.',
  },
  fashion: {
    label: 'Fashion & clothing',
    tagline: 'Everyday style, kitenge and denim, delivered to your door',
    returnPolicy:
      'Wrong size? Exchange within 7 days, unworn, unwashed and with tags on. ' +
      'Faulty items are refunded to your M-Pesa number within 3 working days. ' +
      'Underwear, swimwear and earrings cannot be returned for hygiene reasons.',
  },
  watches: {
    label: 'Watches',
    tagline: 'Genuine watches at fair prices, with warranty',
    returnPolicy:
      'Exchange or refund within 7 days if the watch is unworn, with tags and the original box. ' +
      'Movements carry a 12-month shop warranty. Strap sizing is free. Refunds go back to your M-Pesa number within 3 working days.',
  },
  home: {
    label: 'Home & living',
    tagline: 'Furniture, kitchen and decor for every Nairobi home',
    returnPolicy:
      'Check your items when they are delivered: damaged or wrong items are replaced or refunded within 7 days. ' +
      'Unused items in their original packaging may be returned within 7 days (you pay the delivery back). ' +
      'Refunds go back to your M-Pesa number within 3 working days.',
  },
};

function demoStoreOf(vertical: Vertical): SeedStore {
  const store = demoStores.find((s) => s.vertical === vertical);
  if (!store) throw new Error(`no demo catalog for vertical ${vertical}`);
  return store;
}

export function verticalDefaults(vertical: Vertical): VerticalDefaults {
  return {
    ...COPY[vertical],
    categories: demoStoreOf(vertical).categories.map((c) => ({ slug: c.slug, name: c.name })),
  };
}

export interface StarterProduct {
  input: OwnerProductCreate;
  image: SeedProduct['image'];
}

/** How many products the starter set adds. */
export const STARTER_COUNT = 8;

/**
 * A realistic starter shelf for a new store: one product per category first, then more, up to
 * STARTER_COUNT, from the demo catalog of the vertical. SKUs get a "ST-" prefix so the owner can
 * tell them apart; stock is at least 3 per variant so the store can sell from day one.
 */
export function starterProducts(vertical: Vertical): StarterProduct[] {
  const store = demoStoreOf(vertical);
  const byCategory = new Map<string, SeedProduct[]>();
  for (const p of store.products) byCategory.set(p.categorySlug, [...(byCategory.get(p.categorySlug) ?? []), p]);
  const picked: SeedProduct[] = [];
  for (let round = 0; picked.length < STARTER_COUNT && round < 10; round++) {
    for (const category of store.categories) {
      const p = byCategory.get(category.slug)?.[round];
      if (p && picked.length < STARTER_COUNT) picked.push(p);
    }
  }
  return picked.map((p) => {
    const variants = p.variants.slice(0, 4);
    // Fewer variants can leave an option axis with one value: still valid (each variant names every option).
    return {
      image: p.image,
      input: {
        slug: p.slug,
        title: p.title,
        brand: p.brand ?? null,
        description: p.description,
        categorySlug: p.categorySlug,
        status: 'active',
        optionNames: p.optionNames,
        variants: variants.map((v) => ({
          sku: `ST-${v.sku}`.slice(0, 64),
          options: v.options,
          priceKes: v.priceKes,
          compareAtKes: v.compareAtKes ?? null,
          stock: Math.max(v.stock, 3),
        })),
      },
    };
  });
}
