/**
 * Product page island: variant chips and Add to cart (see islands/inline.ts for the rules).
 *
 * Markup contract (components/BuyBox.tsx renders it): inside `[data-buy]`, a `[data-price]`,
 * `[data-stock]`, `[data-sku]`, the radio chips `input[name="opt-<i>"]` (one group per option
 * name, in `optionNames` order), the `[data-add]` button and the `[data-cart-status]` line;
 * outside it, the gallery's slides `#photo-<n>` (components/Gallery.tsx) for a variant's photo.
 * Without JavaScript the chips and the button stay hidden (CSS `.js` switch, set in
 * pages/_document.tsx) and the full variant table is shown instead.
 *
 * CART: Add to cart posts `{ sku, quantity: 1 }` to this origin's POST <store>/cart/lines
 * (app/s/[store]/cart/lines/route.ts), which adds the line to the API's server cart and keeps the
 * cart token in an HttpOnly cookie. No price is sent: the API prices the cart. The answer's item
 * count is shown as "Added — N in cart" (N links to the cart page); on load the count comes
 * from the `sokoni_cart_n_<slug>` cookie (the page itself is the same for every shopper).
 */
export interface ProductIslandConfig {
  store: string;
  /** Same-origin POST target, e.g. `/s/nairobi-gadgets/cart/lines` (or `/cart/lines` in host form). */
  addUrl: string;
  cartUrl: string;
  /** Name of the readable item-count cookie. */
  countCookie: string;
  productSlug: string;
  optionNames: string[];
  /** The shopper-facing words, in the page's language (lib/i18n/messages/product.ts). */
  text: {
    inStock: string;
    outOfStock: string;
    notAvailable: string;
    chooseAnother: string;
    addToCart: string;
    adding: string;
    addFailed: string;
    /** "Added — " */
    added: string;
    /** "{count} in cart" */
    inCart: string;
  };
  variants: {
    sku: string;
    options: Record<string, string>;
    /** The price as the page words it ("KES 16,999"), formatted by the server in the page's
     * language: the island never constructs an Intl formatter, whose first use in a page costs
     * ~50-180 ms of main thread on a slow phone (ICU setup; measured at Lighthouse's 4x CPU). */
    priceText: string;
    /** The "was" price as worded, when the variant is on sale; else null. */
    wasText: string | null;
    inStock: boolean;
    /** The variant's own photo (1-based slide of components/Gallery.tsx: #photo-<n>), if the owner set one. */
    photo?: number | null;
  }[];
}

export function productIsland(config: ProductIslandConfig): void {
  const root = document.querySelector<HTMLElement>('[data-buy]');
  if (!root) return;
  const q = <T extends Element>(selector: string) => root.querySelector<T>(selector);
  const priceEl = q<HTMLElement>('[data-price]');
  const stockEl = q<HTMLElement>('[data-stock]');
  const skuEl = q<HTMLElement>('[data-sku]');
  const addButton = q<HTMLButtonElement>('[data-add]');
  const statusEl = q<HTMLElement>('[data-cart-status]');
  const names = config.optionNames;
  const text = config.text;
  type Variant = ProductIslandConfig['variants'][number];

  const selection = (): (string | null)[] =>
    names.map((_, i) => root.querySelector<HTMLInputElement>(`input[name="opt-${i}"]:checked`)?.value ?? null);
  const variantFor = (sel: (string | null)[]): Variant | undefined =>
    config.variants.find((v) => names.every((name, i) => v.options[name] === sel[i]));

  /** "Added — " + a link "N in cart" to the cart page. */
  const showCount = (prefix: string, n: number) => {
    if (!statusEl) return;
    const link = document.createElement('a');
    link.href = config.cartUrl;
    link.textContent = text.inCart.replace('{count}', String(n));
    statusEl.replaceChildren(prefix, link);
  };
  let adding = false;
  let current: Variant | undefined;
  const render = () => {
    const sel = selection();
    current = names.length === 0 ? config.variants[0] : variantFor(sel);
    // Each chip says what choosing it would give with the other choices kept.
    names.forEach((_, i) => {
      root.querySelectorAll<HTMLInputElement>(`input[name="opt-${i}"]`).forEach((input) => {
        const v = variantFor(sel.map((s, j) => (j === i ? input.value : s)));
        input.parentElement?.setAttribute('data-state', !v ? 'none' : v.inStock ? 'ok' : 'out');
      });
    });
    if (priceEl && current) {
      const now = document.createElement('strong');
      now.className = 'price__now';
      now.textContent = current.priceText;
      priceEl.replaceChildren(now);
      if (current.wasText) {
        const was = document.createElement('s');
        was.className = 'price__was';
        was.textContent = current.wasText;
        priceEl.append(' ', was);
      }
    }
    if (stockEl) {
      stockEl.textContent = !current ? text.notAvailable : current.inStock ? text.inStock : text.outOfStock;
      stockEl.className = current?.inStock ? 'stock stock--in' : 'stock stock--out';
    }
    if (skuEl) skuEl.textContent = current ? current.sku : '—';
    if (addButton) {
      addButton.disabled = !current?.inStock;
      addButton.textContent = !current ? text.chooseAnother : current.inStock ? text.addToCart : text.outOfStock;
    }
  };

  root.addEventListener('change', (e) => {
    if (!(e.target as HTMLElement).matches('input[name^="opt-"]')) return;
    render();
    // The chosen colour's photo (the owner sets one per variant): the gallery strip slides to
    // it, the page itself does not move.
    const slide = current?.photo ? document.getElementById(`photo-${current.photo}`) : null;
    const track = slide?.parentElement;
    if (slide && track) track.scrollTo({ left: slide.offsetLeft - track.offsetLeft, behavior: 'smooth' });
  });
  const addToCart = async () => {
    if (!current?.inStock || adding) return;
    const sku = current.sku;
    adding = true;
    if (addButton) {
      addButton.disabled = true;
      addButton.textContent = text.adding;
    }
    let problem = text.addFailed;
    try {
      const res = await fetch(config.addUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ sku, quantity: 1 }),
        credentials: 'same-origin',
      });
      const data: unknown = await res.json();
      const said = data !== null && typeof data === 'object' ? data : {};
      if (!res.ok) {
        // the API's words: "Only 2 left in stock"
        if ('error' in said && typeof said.error === 'string' && said.error) problem = said.error;
        throw new Error(`add to cart answered ${res.status}`);
      }
      if (!('itemCount' in said) || typeof said.itemCount !== 'number') throw new Error('add to cart: no itemCount');
      showCount(text.added, said.itemCount);
      document.dispatchEvent(new Event('sokoni:cart'));
      const sokoni = (window as unknown as { sokoni?: { track(e: Record<string, string | number>): void } }).sokoni;
      sokoni?.track({ type: 'add_to_cart', productSlug: config.productSlug, sku, quantity: 1 });
    } catch {
      if (statusEl) statusEl.textContent = problem;
    } finally {
      adding = false;
      render();
    }
  };
  // addToCart catches its own failures (the status line says what went wrong): nothing to await.
  addButton?.addEventListener('click', () => void addToCart());

  render();
  const inCart = Number(new RegExp(`(?:^|; )${config.countCookie}=(\\d+)`).exec(document.cookie)?.[1] ?? 0);
  if (inCart > 0) showCount('', inCart);
}
