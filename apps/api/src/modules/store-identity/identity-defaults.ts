import type { HomeSection, Vertical } from '@sokoni/contracts';

/**
 * What a store of each vertical looks like before its owner changes anything, so a new store
 * looks finished on day one: a brand colour that passes the contrast check with white text, a
 * hero headline, and home page sections in an order that suits what it sells.
 */
export interface IdentityDefaults {
  brandColor: string;
  hero: { headline: string; text: string };
  sections: HomeSection[];
}

const DEFAULTS: Record<Vertical, IdentityDefaults> = {
  electronics: {
    brandColor: '#1d4ed8',
    hero: {
      headline: 'Genuine phones and laptops, delivered today',
      text: 'Warranty on every device. Pay with M-Pesa.',
    },
    sections: [{ type: 'new_arrivals' }, { type: 'best_sellers' }, { type: 'category_grid' }, { type: 'shop_by_area' }],
  },
  fashion: {
    brandColor: '#9d174d',
    hero: { headline: 'New in: everyday style for Nairobi', text: 'Easy exchanges on sizes. Pay with M-Pesa.' },
    sections: [{ type: 'new_arrivals' }, { type: 'category_grid' }, { type: 'best_sellers' }, { type: 'shop_by_area' }],
  },
  watches: {
    brandColor: '#1e3a5f',
    hero: { headline: 'Genuine watches with a 12-month warranty', text: 'Free strap sizing. Pay with M-Pesa.' },
    sections: [{ type: 'best_sellers' }, { type: 'category_grid' }, { type: 'new_arrivals' }, { type: 'shop_by_area' }],
  },
  home: {
    brandColor: '#9a3412',
    hero: { headline: 'Make your home yours', text: 'Furniture, kitchen and decor delivered across Nairobi.' },
    sections: [{ type: 'category_grid' }, { type: 'best_sellers' }, { type: 'new_arrivals' }, { type: 'shop_by_area' }],
  },
};

export function identityDefaults(vertical: Vertical): IdentityDefaults {
  return DEFAULTS[vertical];
}

/** The title a section shows when the owner gave it none. */
export function defaultSectionTitle(section: HomeSection, collectionTitle?: string): string {
  if (section.title) return section.title;
  switch (section.type) {
    case 'featured_collection':
      return collectionTitle ?? 'Featured';
    case 'best_sellers':
      return 'Best sellers';
    case 'new_arrivals':
      return 'New arrivals';
    case 'category_grid':
      return 'Shop by category';
    case 'shop_by_area':
      return 'We deliver to you';
  }
}
