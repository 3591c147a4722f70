/**
 * "Share cart on WhatsApp" (cart page) and "Finish on WhatsApp instead" (checkout): the words of
 * the prefilled WhatsApp message and the signed cart link in it, used by the route handlers
 * app/s/[store]/cart/share (makes the link, 303 to wa.me/<store number>) and
 * app/s/[store]/cart/shared/[token] (opening the link merges the cart into the visitor's own).
 */
import type { Cart, StoreSummary } from '@sokoni/contracts';
import type { StoreRequest } from './request';
import { translator, type Locale } from './i18n/core';
import { formatters } from './i18n/format';
import { cartMessages } from './i18n/messages/cart';

/** Where the share form was: the message and the way back differ. */
export type ShareFrom = 'cart' | 'checkout';

export const shareFromOf = (value: string | null | undefined): ShareFrom =>
  value === 'checkout' ? 'checkout' : 'cart';

/** Query flag the shared-link handler puts on the cart page it redirects to. */
export const RESTORED_PARAM = 'restored';

/** What the share and shared-link handlers say, in the shopper's language. */
export function shareText(locale: Locale) {
  const t = translator(cartMessages, locale);
  return {
    restored: t('shareRestored'),
    expired: t('shareExpired'),
    unreachable: t('shareOpenFailed'),
    tooMany: t('tooMany'),
    empty: t('shareEmpty'),
    noWhatsapp: t('shareNoWhatsapp'),
    shareUnreachable: t('shareUnreachable'),
  };
}

/** Share tokens are the API's (s1.<id>.<expiry>.<signature>); anything else is not even asked about. */
export const SHARE_TOKEN_RE = /^[A-Za-z0-9._-]{10,300}$/;

/** A WhatsApp message stays readable (and the wa.me URL short) with this many lines listed. */
const MAX_LISTED_LINES = 15;

/**
 * The origin the shopper is on, for the absolute cart link: in host form the store's canonical
 * origin (`<slug>.<PLATFORM_DOMAIN>`, as in canonical tags); in path form the Origin header of
 * their own form post when it is a plain http(s) origin (the browser sets it, and sameOrigin()
 * has already checked it is this site's host), else the canonical host form. Never the Host
 * header as such.
 */
export function shareLinkBase(
  request: Pick<StoreRequest, 'mode' | 'origin' | 'base'>,
  originHeader: string | null,
): string {
  if (request.mode === 'host') return `${request.origin}${request.base}`;
  if (originHeader) {
    try {
      const url = new URL(originHeader);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin === originHeader)
        return `${url.origin}${request.base}`;
    } catch {
      /* not an origin: fall through */
    }
  }
  return request.origin;
}

export function sharedCartLink(linkBase: string, shareToken: string): string {
  return `${linkBase}/cart/shared/${encodeURIComponent(shareToken)}`;
}

/**
 * The prefilled WhatsApp message: the shop's name, each line (quantity x title, options), the
 * subtotal (delivery is settled in the chat) and the link that opens this cart on any phone.
 */
export function cartShareText(
  from: ShareFrom,
  store: Pick<StoreSummary, 'name'>,
  cart: Pick<Cart, 'lines' | 'subtotalKes'>,
  link: string,
  locale: Locale,
): string {
  const t = translator(cartMessages, locale);
  const { formatKes } = formatters(locale);
  const listed = cart.lines.slice(0, MAX_LISTED_LINES).map((line) => {
    const options = Object.values(line.options).join(' / ');
    return `- ${line.quantity} x ${line.title}${options ? ` (${options})` : ''}`;
  });
  const more = cart.lines.length - listed.length;
  if (more > 0) listed.push(t('waMore', { count: more }));
  return [
    from === 'checkout' ? t('waFinish', { store: store.name }) : t('waCart', { store: store.name }),
    ...listed,
    t('waSubtotal', { amount: formatKes(cart.subtotalKes) }),
    from === 'checkout' ? t('waMyCart', { link }) : t('waOpen', { link }),
  ].join('\n');
}
