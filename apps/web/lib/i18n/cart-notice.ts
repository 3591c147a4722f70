/**
 * A cart notice (an item removed, a quantity cut to the stock left, a price that moved) in the
 * shopper's language. The API words notices in English and sends kind, title and the numbers;
 * like refusal.ts, English pages keep the API's words and a Swahili page gets
 * messages/cart.ts's, with the amounts formatted for the locale.
 */
import type { Cart, ReorderSkip } from '@sokoni/contracts';
import { translator, type Locale } from './core';
import { formatters } from './format';
import { cartMessages } from './messages/cart';

export function cartNoticeText(notice: Cart['notices'][number], locale: Locale): string {
  if (locale === 'en' || notice.title === undefined) return notice.message;
  const t = translator(cartMessages, locale);
  const { formatKes, formatNumber } = formatters(locale);
  switch (notice.kind) {
    case 'removed_unavailable':
      return t('noticeRemoved', { title: notice.title });
    case 'quantity_reduced':
      return notice.available === undefined
        ? notice.message
        : t('noticeReduced', { title: notice.title, available: formatNumber(notice.available) });
    case 'price_changed':
      return notice.priceKes === undefined || notice.previousKes === undefined
        ? notice.message
        : t('noticePrice', {
            title: notice.title,
            price: formatKes(notice.priceKes),
            previous: formatKes(notice.previousKes),
          });
  }
}

/** An item Buy again could not put in the cart, in the shopper's language (English: the API's words). */
export function reorderSkipText(skip: ReorderSkip, locale: Locale): string {
  if (locale === 'en') return skip.message;
  const t = translator(cartMessages, locale);
  switch (skip.reason) {
    case 'unavailable':
      return t('skipUnavailable', { title: skip.title });
    case 'out_of_stock':
      return t('skipOutOfStock', { title: skip.title });
    case 'cart_full':
      return t('skipCartFull', { title: skip.title });
  }
}
