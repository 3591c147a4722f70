/**
 * The storefront's promotions: the automatic promotions running now (GET
 * /v1/stores/<store>/promotions, cached 30 s with the store's pages), handed to every component
 * of a page through a React context (pages/_app.tsx, from StoreView.promotions), so product
 * cards, the buy box and the strip need no props from the pages.
 *
 * Prices come from `promotedUnitPrice` (@sokoni/contracts), the same function the checkout's
 * `applyDiscounts` uses per unit, over the products the API says each promotion covers (the same
 * query as checkout): a badge price is what checkout charges for one unit.
 */
import { createContext, useContext } from 'react';
import {
  linePromotionsFor,
  promotedUnitPrice,
  type StorefrontPromotion,
  type StorefrontPromotions,
} from '@sokoni/contracts';
import { translator, type Locale } from './i18n/core';
import { formatters } from './i18n/format';
import { promotionMessages } from './i18n/messages/promotions';

export const PromotionsContext = createContext<StorefrontPromotion[]>([]);

export function usePromotions(): StorefrontPromotion[] {
  return useContext(PromotionsContext);
}

/** The page's promotions from its props (pages/_app.tsx): none when the page has no store view. */
export function promotionsOfPageProps(pageProps: unknown): StorefrontPromotion[] {
  const view = (pageProps as { view?: { promotions?: StorefrontPromotions | null } } | undefined)?.view;
  return view?.promotions?.items ?? [];
}

export interface Sale {
  /** What one unit costs after the best automatic promotion (= checkout). */
  priceKes: number;
  /** The price to strike through, or null when nothing is promoted. */
  wasKes: number | null;
  /** Short badges ("-13%", "Buy 2 get 1 free"), worded in the page's language by `badgeText`. */
  badges: SaleBadge[];
}

export type SaleBadge = { kind: 'percent'; percent: number } | { kind: 'buy_x_get_y'; buy: number; get: number };

/** A badge's words in `locale`. */
export function badgeText(badge: SaleBadge, locale: Locale): string {
  return badge.kind === 'buy_x_get_y'
    ? translator(promotionMessages, locale)('buyGetFree', { buy: badge.buy, get: badge.get })
    : `-${badge.percent}%`;
}

/** A product's (or variant's) price under the running promotions. */
export function saleFor(
  productSlug: string,
  priceKes: number,
  compareAtKes: number | null,
  promotions: StorefrontPromotion[],
): Sale {
  const covering = promotions.filter((p) => p.productSlugs.includes(productSlug));
  const now = promotedUnitPrice(priceKes, linePromotionsFor(productSlug, promotions));
  const badges = new Map<string, SaleBadge>();
  for (const p of covering) {
    // The contract's quantities are null only for the other kinds.
    const badge: SaleBadge | null =
      p.kind !== 'buy_x_get_y'
        ? p.percent === null
          ? null
          : { kind: 'percent', percent: p.percent }
        : p.buyQty === null || p.getQty === null
          ? null
          : { kind: 'buy_x_get_y', buy: p.buyQty, get: p.getQty };
    if (!badge) continue;
    badges.set(JSON.stringify(badge), badge);
  }
  const wasKes = now < priceKes ? Math.max(priceKes, compareAtKes ?? 0) : compareAtKes;
  return { priceKes: now, wasKes, badges: [...badges.values()] };
}

/** One line per running promotion for the strip, most general first (the label is the owner's words). */
export function stripTexts(promotions: StorefrontPromotion[], locale: Locale): string[] {
  const t = translator(promotionMessages, locale);
  const order = { free_delivery_over: 0, category_percent: 1, collection_percent: 2, buy_x_get_y: 3 } as const;
  return [...promotions]
    .sort((a, b) => order[a.kind] - order[b.kind])
    .map((p) =>
      p.kind === 'free_delivery_over' && p.minSubtotalKes !== null
        ? t('freeDeliveryOver', { label: p.label, amount: formatters(locale).formatKes(p.minSubtotalKes) })
        : p.label,
    );
}
