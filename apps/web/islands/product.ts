/**
 * Product page island: variant chips and Add to cart (see islands/inline.ts for the rules).
 *
 * Markup contract (components/BuyBox.tsx renders it): inside `[data-buy]`, a `[data-price]`,
 * `[data-stock]`, `[data-sku]`, the radio chips `input[name="opt-<i>"]` (one group per option
 * name, in `optionNames` order), the `[data-add]` button and the `[data-cart-status]` line.
 * Without JavaScript the chips and the button stay hidden (CSS `.js` switch, set in
 * pages/_document.tsx) and the full variant table is shown instead.
 *
 * CART: there is no cart API yet. Until the checkout issue lands, Add to cart keeps the lines
 * `[{ sku, qty }]` in this browser's localStorage under `sokoni:cart:<store>` and shows
 * "Added — N in cart". Nothing is sent to a server and no cart exists server-side: the
 * checkout issue replaces this with the server cart (signed guest cart token, DESIGN §4) and
 * can migrate these lines on first load.
 */
export interface ProductIslandConfig {
  store: string;
  productSlug: string;
  optionNames: string[];
  variants: { sku: string; options: Record<string, string>; priceKes: number; compareAtKes: number | null; inStock: boolean }[];
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
  const number = new Intl.NumberFormat('en-KE', { maximumFractionDigits: 0 });
  const kes = (n: number) => `KES ${number.format(n)}`;
  const names = config.optionNames;
  type Variant = ProductIslandConfig['variants'][number];

  const selection = (): (string | null)[] =>
    names.map((_, i) => root.querySelector<HTMLInputElement>(`input[name="opt-${i}"]:checked`)?.value ?? null);
  const variantFor = (sel: (string | null)[]): Variant | undefined =>
    config.variants.find((v) => names.every((name, i) => v.options[name] === sel[i]));

  const cartKey = `sokoni:cart:${config.store}`;
  const readCart = (): { sku: string; qty: number }[] => {
    try {
      const lines: unknown = JSON.parse(localStorage.getItem(cartKey) ?? '[]');
      return Array.isArray(lines)
        ? lines.filter((l): l is { sku: string; qty: number } => !!l && typeof l.sku === 'string' && Number.isInteger(l.qty) && l.qty > 0)
        : [];
    } catch {
      return [];
    }
  };
  const itemsIn = (lines: { qty: number }[]) => lines.reduce((n, l) => n + l.qty, 0);

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
      now.textContent = kes(current.priceKes);
      priceEl.replaceChildren(now);
      if (current.compareAtKes !== null && current.compareAtKes > current.priceKes) {
        const was = document.createElement('s');
        was.className = 'price__was';
        was.textContent = kes(current.compareAtKes);
        priceEl.append(' ', was);
      }
    }
    if (stockEl) {
      stockEl.textContent = !current ? 'Not available in this combination' : current.inStock ? 'In stock' : 'Out of stock';
      stockEl.className = current?.inStock ? 'stock stock--in' : 'stock stock--out';
    }
    if (skuEl) skuEl.textContent = current ? current.sku : '—';
    if (addButton) {
      addButton.disabled = !current?.inStock;
      addButton.textContent = !current ? 'Choose another option' : current.inStock ? 'Add to cart' : 'Out of stock';
    }
  };

  root.addEventListener('change', (e) => {
    if ((e.target as HTMLElement).matches('input[name^="opt-"]')) render();
  });
  addButton?.addEventListener('click', () => {
    if (!current?.inStock) return;
    const lines = readCart();
    const line = lines.find((l) => l.sku === current!.sku);
    if (line) line.qty = Math.min(99, line.qty + 1);
    else lines.push({ sku: current.sku, qty: 1 });
    try {
      localStorage.setItem(cartKey, JSON.stringify(lines));
    } catch {
      if (statusEl) statusEl.textContent = 'Could not save your cart on this phone';
      return;
    }
    if (statusEl) statusEl.textContent = `Added — ${itemsIn(lines)} in cart`;
    const sokoni = (window as unknown as { sokoni?: { track(e: Record<string, string | number>): void } }).sokoni;
    sokoni?.track({ type: 'add_to_cart', productSlug: config.productSlug, sku: current.sku, quantity: 1 });
  });

  render();
  const inCart = itemsIn(readCart());
  if (statusEl && inCart > 0) statusEl.textContent = `${inCart} in cart`;
}
