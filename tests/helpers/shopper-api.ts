// A shopper's purchases made through the API rather than the browser: the set-up data of web and
// operations tests (orders for the dashboard to show, pay, refund, answer). Every request comes
// from its own address of 192.0.2.0/24 (TEST-NET-1, sent as X-Forwarded-For, which the API
// trusts from loopback), so the per-IP limits never refuse a test's set-up.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { CartResponse, Order } from '@sokoni/contracts';
import { first, rowsQuery, type TestDatabase } from './database.ts';
import { waitFor } from './wait.ts';

let ip = 0;
/** The next client address of TEST-NET-1, for a request the per-IP limits must not count together. */
export const nextIp = () => `192.0.2.${(++ip % 250) + 1}`;

/** What a shopper puts in the cart and says at checkout. */
export interface OrderRequest {
  lines: { sku: string; quantity: number }[];
  phone: string;
  name: string;
  /** Default kilimani (delivered, in every demo store's areas). */
  areaSlug?: string;
}

export interface ShopperApi {
  /** The store's tenant id (from the seed summary). */
  tenantId: () => string;
  /** The cheapest active variant with plenty of stock (50+): one that every order can take. */
  stockedSku: () => Promise<string>;
  /** The first variant (by SKU) of a product, by its slug. */
  skuOf: (product: string) => Promise<string>;
  /** POST cart/lines (200); the cart token, a new cart unless `token` is given. */
  addLine: (sku: string, quantity: number, token?: string) => Promise<string>;
  /** Cart -> POST orders (201), with a fresh Idempotency-Key. */
  placeOrder: (request: OrderRequest) => Promise<Order>;
  /** POST orders/:id/payments (201): the STK push; the answer's body. */
  startPayment: (orderId: string) => Promise<{ payment: { id: string } }>;
  /** The STK push, then waits until the order is paid (the Daraja sandbox pays numbers ending in 000). */
  pay: (order: Pick<Order, 'id' | 'number'>) => Promise<void>;
  /** orders.status, read from the database. */
  orderStatus: (orderId: string) => Promise<string | undefined>;
  /**
   * A WhatsApp message from `from` (2547XXXXXXXX) to the store, sent through the sandbox as Meta
   * would deliver it; waits until the API has stored it (needs the stack's sandbox).
   */
  writeOnWhatsApp: (from: string, text: string) => Promise<void>;
}

/**
 * A shopper of `store` against a running API and its database. `stack` is read at call time, so
 * this can be made at the top of a file before the stack starts (see useStack).
 */
export function shopperApi(
  stack: { api: { url: string }; db: TestDatabase; sandbox?: { url: string } },
  store: string,
): ShopperApi {
  const sql = rowsQuery(() => stack.db.ownerUrl);
  const tenantId = () => stack.db.seed!.stores.find((s) => s.slug === store)!.tenantId;
  const post = async <T>(path: string, headers: Record<string, string>, body: unknown, status: number) => {
    const res = await fetch(`${stack.api.url}/v1/stores/${store}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': nextIp(), ...headers },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    assert.equal(res.status, status, `POST ${path}: ${text}`);
    return JSON.parse(text) as T;
  };
  const orderStatus = async (orderId: string) =>
    (await sql<{ status: string }>('SELECT status FROM orders WHERE id = $1', [orderId]))[0]?.status;
  const startPayment = (orderId: string) =>
    post<{ payment: { id: string } }>(
      `/orders/${orderId}/payments`,
      { 'idempotency-key': `pay-${randomUUID()}` },
      {},
      201,
    );
  const addLine = async (sku: string, quantity: number, token?: string) =>
    (await post<CartResponse>('/cart/lines', token ? { 'x-cart-token': token } : {}, { sku, quantity }, 200)).cart
      .token;
  return {
    tenantId,
    orderStatus,
    startPayment,
    addLine,
    async stockedSku() {
      const variant = first(
        await sql<{ sku: string }>(
          `SELECT v.sku FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
    WHERE v.tenant_id = $1 AND v.on_hand >= 50 AND p.status = 'active' ORDER BY v.price_kes, v.sku LIMIT 1`,
          [tenantId()],
        ),
      );
      return variant.sku;
    },
    async skuOf(product) {
      const variant = first(
        await sql<{ sku: string }>(
          `SELECT v.sku FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id WHERE p.tenant_id = $1 AND p.slug = $2 ORDER BY v.sku LIMIT 1`,
          [tenantId(), product],
        ),
        `a variant of ${product}`,
      );
      return variant.sku;
    },
    async placeOrder({ lines, phone, name, areaSlug = 'kilimani' }) {
      let token: string | undefined;
      for (const line of lines) token = await addLine(line.sku, line.quantity, token);
      const headers = { 'idempotency-key': `order-${randomUUID()}`, 'x-cart-token': token! };
      return (await post<{ order: Order }>('/orders', headers, { phone, name, areaSlug }, 201)).order;
    },
    async writeOnWhatsApp(from, text) {
      const { id: phoneNumberId } = first(
        await sql<{ id: string }>(
          'SELECT whatsapp_phone_number_id AS id FROM messaging_settings WHERE tenant_id = $1',
          [tenantId()],
        ),
      );
      const res = await fetch(`${stack.sandbox!.url}/__admin/whatsapp/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phoneNumberId, from, text }),
      });
      assert.ok(res.status < 300, await res.text());
      await waitFor(
        'the inbound message',
        async () => (await sql(`SELECT 1 FROM messages WHERE phone = $1 AND direction = 'in'`, [from]))[0],
      );
    },
    async pay(order) {
      await startPayment(order.id);
      await waitFor(`order #${order.number} paid`, async () => (await orderStatus(order.id)) === 'paid');
    },
  };
}
