import { vatPortion, type Cart } from '@sokoni/contracts';
import type { SellableVariant } from './cart.repository';
import type { StoredCart } from './cart.store';

/**
 * Re-pricing a stored cart against what the catalog sells now (no I/O): lines that cannot be sold
 * are dropped, quantities above the stock are reduced, price changes since the shopper last saw
 * the cart are noticed. Returns the shopper's view (without its token) and the cart to store.
 */
export function repriceCart(
  cart: StoredCart,
  variants: Map<string, SellableVariant>,
  now = Date.now(),
): { view: Omit<Cart, 'token'>; next: StoredCart } {
  const notices: Cart['notices'] = [];
  const lines: Cart['lines'] = [];
  const kept: StoredCart['lines'] = [];
  const seenPrices: Record<string, number> = {};
  for (const line of cart.lines) {
    const v = variants.get(line.sku);
    if (!v || v.on_hand === 0) {
      notices.push({
        sku: line.sku,
        kind: 'removed_unavailable',
        message: `${v?.title ?? line.sku} is no longer available and was removed`,
        ...(v ? { title: v.title } : {}),
      });
      continue;
    }
    let quantity = line.quantity;
    if (quantity > v.on_hand) {
      quantity = v.on_hand;
      notices.push({
        sku: line.sku,
        kind: 'quantity_reduced',
        message: `Only ${v.on_hand} of ${v.title} left: quantity reduced`,
        title: v.title,
        available: v.on_hand,
      });
    }
    const previous = cart.seenPrices[line.sku];
    if (previous !== undefined && previous !== v.price_kes) {
      notices.push({
        sku: line.sku,
        kind: 'price_changed',
        message: `${v.title} is now KES ${v.price_kes.toLocaleString('en-KE')} (was KES ${previous.toLocaleString('en-KE')})`,
        title: v.title,
        priceKes: v.price_kes,
        previousKes: previous,
      });
    }
    seenPrices[line.sku] = v.price_kes;
    kept.push({ sku: line.sku, quantity });
    lines.push({
      sku: v.sku,
      productSlug: v.product_slug,
      title: v.title,
      options: v.options,
      quantity,
      image:
        v.media_key && v.media_width && v.media_height
          ? { url: `/media/${v.media_key}`, width: v.media_width, height: v.media_height, alt: v.title }
          : null,
      unitPriceKes: v.price_kes,
      lineTotalKes: v.price_kes * quantity,
      available: v.on_hand,
    });
  }
  const next: StoredCart = {
    lines: kept,
    phone: cart.phone,
    seenPrices,
    updatedAt: now,
    ...(cart.source ? { source: cart.source } : {}),
  };
  const subtotalKes = lines.reduce((sum, l) => sum + l.lineTotalKes, 0);
  return {
    view: {
      lines,
      itemCount: lines.reduce((sum, l) => sum + l.quantity, 0),
      subtotalKes,
      vatKes: vatPortion(subtotalKes),
      phone: next.phone,
      notices,
    },
    next,
  };
}
