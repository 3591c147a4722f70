// A shopper's way to a pending order and a started M-Pesa payment over real HTTP, for the API
// tests whose subject comes after it (payments, refunds, callbacks, messages, order lists): a
// cart with one plentiful item, the order placed from it, the STK push started.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { ApiStack } from './api-fixture';
import { first } from './database';

/** What the order answer gives that these flows read. */
export interface PlacedOrder {
  id: string;
  number: number;
  totalKes: number;
}

/** The shopper's details on the order form. */
export interface OrderDetails {
  phone: string;
  name: string;
  areaSlug: string;
  channel?: 'web' | 'whatsapp' | 'link';
}

/** A status and the parsed JSON body, as the shape T the caller names (not checked). */
export interface ShopAnswer<T> {
  status: number;
  body: T;
}

let client = 0;
/**
 * Each request from its own client address (X-Forwarded-For, trusted from loopback), so per-IP
 * rate limits never trip the flows; the limits themselves are tested on purpose elsewhere.
 */
function clientAddress(): string {
  client++;
  return `192.0.2.${client % 250}`;
}

async function postJson<T>(url: string, body: string, headers: Record<string, string> = {}): Promise<ShopAnswer<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': clientAddress(), ...headers },
    body,
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** The shopper flows against one API stack. */
export function shopFlows(stack: ApiStack) {
  /**
   * The SKU of an active variant with at least 50 on hand (no test sells it out): the cheapest,
   * or with `dearest` the most expensive.
   */
  async function plentifulSku(store: string, dearest = false): Promise<string> {
    const rows = await stack.sql<{ sku: string }>(
      `SELECT v.sku FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
    WHERE v.tenant_id = $1 AND v.on_hand >= 50 AND p.status = 'active' ORDER BY v.price_kes${dearest ? ' DESC' : ''}, v.sku LIMIT 1`,
      [stack.tenantOf(store)],
    );
    return first(rows, `a plentiful variant in ${store}`).sku;
  }

  /** A new cart with one unit of `sku` (default: the cheapest plentiful one); its token. */
  async function cartWithItem(
    store: string,
    options: { sku?: string; headers?: Record<string, string> } = {},
  ): Promise<string> {
    const sku = options.sku ?? (await plentifulSku(store));
    const res = await postJson<{ cart: { token: string } }>(
      `${stack.api.url}/v1/stores/${store}/cart/lines`,
      JSON.stringify({ sku, quantity: 1 }),
      options.headers,
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.cart.token;
  }

  /** Places an order from the cart (a new one with one item if none is given), once; asserts the 201. */
  async function placeOrder<T = PlacedOrder>(store: string, details: OrderDetails, cartToken?: string): Promise<T> {
    const token = cartToken ?? (await cartWithItem(store));
    const res = await postJson<{ order: T }>(`${stack.api.url}/v1/stores/${store}/orders`, JSON.stringify(details), {
      'idempotency-key': `order-${randomUUID()}`,
      'x-cart-token': token,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.order;
  }

  /** Starts the order's M-Pesa payment (an STK push); the answer is for the caller to check. */
  function startPayment<T>(store: string, orderId: string, body: unknown = {}, key = `pay-${randomUUID()}`) {
    return postJson<T>(`${stack.api.url}/v1/stores/${store}/orders/${orderId}/payments`, JSON.stringify(body), {
      'idempotency-key': key,
    });
  }

  return { plentifulSku, cartWithItem, placeOrder, startPayment };
}
