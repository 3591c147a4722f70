/**
 * The header's cart count, on every storefront page (see islands/inline.ts for the rules).
 * Pages are the same for every shopper and may be cached, so the count cannot be in the HTML:
 * it is read from the `sokoni_cart_n_<slug>` cookie (lib/cookies.ts; the cart token itself is
 * HttpOnly and never visible here). Other islands announce a change with a `sokoni:cart` event
 * on document after the route handler has updated the cookie.
 */
export interface CartCountConfig {
  cookie: string;
}

export function cartCountIsland(config: CartCountConfig): void {
  const show = () => {
    const m = new RegExp(`(?:^|; )${config.cookie}=(\\d+)`).exec(document.cookie);
    const n = m ? Number(m[1]) : 0;
    document.querySelectorAll('[data-cart-count]').forEach((el) => {
      el.textContent = n > 0 ? String(n) : '';
    });
  };
  show();
  document.addEventListener('sokoni:cart', show);
}
