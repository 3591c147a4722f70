/**
 * "Share cart on WhatsApp" (cart page) and "Finish on WhatsApp instead" (checkout): the words of
 * the prefilled WhatsApp message and the signed cart link in it, used by the route handlers
 * app/s/[store]/cart/share (makes the link, 303 to wa.me/<store number>) and
 * app/s/[store]/cart/shared/[token] (opening the link merges the cart into the visitor's own).
 */
import type { Cart, StoreSummary } from '@sokoni/contracts';
import { formatKes } from './format';
import type { StoreRequest } from './request';

/** Where the share form was: the message and the way back differ. */
export type ShareFrom = 'cart' | 'checkout';

export const shareFromOf = (value: string | null | undefined): ShareFrom =>
  value === 'checkout' ? 'checkout' : 'cart';

/** Query flag the shared-link handler puts on the cart page it redirects to. */
export const RESTORED_PARAM = 'restored';

export const SHARE_TEXT = {
  restored: 'We added the items from the shared cart.',
  expired: 'That cart link has expired or is not valid. Ask for a new link, or add the items again from the shop.',
  unreachable: 'We could not open that cart link just now. Please tap the link again in a minute.',
  tooMany: 'Too many tries: wait a moment and try again.',
  empty: 'Your cart is empty: nothing to share.',
  noWhatsapp: 'This shop does not take orders on WhatsApp. Please check out here instead.',
  shareUnreachable: 'We could not reach the shop to make the WhatsApp link. Check your connection and try again.',
};

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
): string {
  const listed = cart.lines.slice(0, MAX_LISTED_LINES).map((line) => {
    const options = Object.values(line.options).join(' / ');
    return `- ${line.quantity} x ${line.title}${options ? ` (${options})` : ''}`;
  });
  const more = cart.lines.length - listed.length;
  if (more > 0) listed.push(`- and ${more} more`);
  return [
    from === 'checkout'
      ? `Hi ${store.name}, I'd like to finish this order on WhatsApp.`
      : `Hi ${store.name}, here is my cart:`,
    ...listed,
    `Subtotal: ${formatKes(cart.subtotalKes)} (before delivery)`,
    from === 'checkout' ? `My cart: ${link}` : `Open this cart: ${link}`,
  ].join('\n');
}
