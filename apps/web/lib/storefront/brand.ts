/**
 * The store's look on the storefront (store identity): CSS custom properties for the brand
 * colour (set on the page's wrapper, so no client JavaScript and one stylesheet for every store)
 * and the owner's links resolved against the store's URL form.
 */
import type { CSSProperties } from 'react';
import type { StoreSummary } from '@sokoni/contracts';
import { storeHomeHref } from '../store-context';

/** The platform's green when the API sent no brand (an older API, a failed read). */
export const DEFAULT_BRAND_COLOR = '#0b6b3a';

/** `hex` mixed with white: `amount` 0..1 of the brand (the soft tint behind chips and the bar). */
export function tint(hex: string, amount: number): string {
  const mix = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
    return Math.round(255 - (255 - c) * amount)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${mix(0)}${mix(1)}${mix(2)}`;
}

/** The wrapper's style: --brand and --brand-soft for storefront.css. */
export function brandStyle(store: StoreSummary): CSSProperties {
  const color = /^#[0-9a-f]{6}$/.test(store.brand?.color ?? '') ? store.brand!.color : DEFAULT_BRAND_COLOR;
  return { '--brand': color, '--brand-soft': tint(color, 0.12) } as CSSProperties;
}

/** An owner's link: a path in the store gets the store's base; an https address stays as it is. */
export function storeLink(base: string, link: string): string {
  if (/^https:\/\//i.test(link)) return link;
  if (link === '/' || link === '') return storeHomeHref(base);
  return `${base}${link}`;
}
