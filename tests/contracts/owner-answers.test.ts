// The owner dashboard and the store wizard read every API answer through a zod contract
// (apps/web/lib/api-call.ts). This proves those contracts match what the real API answers: a
// seeded database, the real API, worker and provider sandbox (M-Pesa, WhatsApp, delivery
// partner), a real owner token, and each owner/wizard endpoint the web calls, its answer parsed
// with the very schema the web uses. The check is strict both ways: a field the contract needs
// must be there with its type (a renamed or dropped field fails), and the parsed value must equal
// the answer (a field the contract does not know fails too: zod would drop it silently).
// The last test makes sure every answer schema the web's owner and wizard code names is checked here.
// Run alone: node --import tsx --test tests/contracts/owner-answers.test.ts
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { z } from 'zod';
import * as contracts from '@sokoni/contracts';
import {
  auditLogPageSchema,
  errorBodySchema,
  catalogImportReportSchema,
  categoryChangedSchema,
  insightDismissedSchema,
  insightListSchema,
  insightMetricsSchema,
  liveCountersSchema,
  messagingSettingsResponseSchema,
  mpesaCheckSchema,
  mpesaSettingsResponseSchema,
  mpesaSettingsSavedSchema,
  noContentSchema,
  onboardingViewSchema,
  orderConversationSchema,
  orderDeliveriesSchema,
  orderDeliveryChangedSchema,
  orderResponseSchema,
  ownerCategoryListSchema,
  ownerDeliveryRulesSavedSchema,
  ownerDeliverySettingsSchema,
  ownerDeliveryZoneSavedSchema,
  ownerMeSchema,
  ownerOrderListSchema,
  ownerOrderPaymentsSchema,
  ownerPriceChangedSchema,
  ownerProductImageAddedSchema,
  ownerProductListSchema,
  ownerProductResponseSchema,
  ownerReplySentSchema,
  ownerSaleScheduledSchema,
  ownerSessionSchema,
  ownerStockMovedSchema,
  pickupAgentListSchema,
  productResponseSchema,
  refundResponseSchema,
  signUpAnswerSchema,
  slugCheckSchema,
  staffInvitedSchema,
  staffListSchema,
  staffUpdatedSchema,
  starterProductsAddedSchema,
  storePublishedSchema,
} from '@sokoni/contracts';
import { DEMO_PASSWORD, demoStores, seedDemo } from '@sokoni/db/dist/seed/index.js';
import { createTestDatabase, first, rowsQuery, type Row, type TestDatabase } from '../helpers/database.ts';
import { demoLogin, jsonResponse } from '../helpers/http.ts';
import { paymentEnv, startSandbox, TEST_WHATSAPP, type PaymentStack } from '../helpers/payment-stack.ts';
import { freePort, ROOT, startApi, startWorker } from '../helpers/processes.ts';
// Plain JS shared with scripts/start.mjs (as tests/helpers/payment-stack.ts uses it).
import { configureSandboxWhatsApp } from '../../scripts/lib/sandbox-setup.mjs';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
let db: TestDatabase;
let stack: Stack;
const sql = rowsQuery(() => db.ownerUrl);
const PARTNER_SECRET = 'contract-test-partner-secret-0001';

before(async () => {
  db = await createTestDatabase({ seed: true });
  // 90 days of events, orders and payments for one store: real insight cards, charts with data.
  await seedDemo({
    ownerUrl: db.ownerUrl,
    mediaDir: db.mediaDir,
    stores: demoStores.filter((s) => s.slug === STORE),
    history: true,
  });
  stack = await startStack(db);
});

type Stack = Omit<PaymentStack, 'sandbox'> & { sandbox: { url: string; stop(): Promise<unknown> } };

/**
 * tests/helpers/payment-stack.ts's startPaymentStack (sandbox, API, worker, the stores' WhatsApp
 * numbers at the sandbox) plus the sandbox's delivery partner, whose agent points the order page lists.
 */
async function startStack(database: TestDatabase): Promise<Stack> {
  const sandbox = await startSandbox({ DELIVERY_PARTNER_WEBHOOK_SECRET: PARTNER_SECRET });
  const stops: (() => Promise<unknown>)[] = [() => sandbox.stop()];
  try {
    const apiPort = await freePort();
    const env = paymentEnv(
      database,
      sandbox.url,
      {
        PUBLIC_API_URL: `http://127.0.0.1:${apiPort}`,
        DELIVERY_PARTNER_BASE_URL: `${sandbox.url}/delivery-partner`,
        DELIVERY_PARTNER_WEBHOOK_SECRET: PARTNER_SECRET,
      },
      sandbox.smtpPort,
    );
    const api = await startApi({ ...env, PORT: String(apiPort) });
    stops.push(() => api.stop());
    const worker = await startWorker(env);
    stops.push(() => worker.stop());
    const stores = await sql<{ phone_number_id: string; whatsapp_number: string }>(
      `SELECT m.whatsapp_phone_number_id AS phone_number_id, t.whatsapp_number FROM messaging_settings m
        JOIN tenants t ON t.id = m.tenant_id WHERE m.whatsapp_phone_number_id IS NOT NULL`,
    );
    await configureSandboxWhatsApp({
      sandboxUrl: sandbox.url,
      apiUrl: api.url,
      ...TEST_WHATSAPP,
      stores: stores.map((r) => ({ phoneNumberId: r.phone_number_id, displayPhoneNumber: r.whatsapp_number })),
    });
    return { sandbox, api, worker, env, stop: async () => void (await Promise.all(stops.map((stop) => stop()))) };
  } catch (error) {
    await Promise.all(stops.map((stop) => stop().catch(() => undefined)));
    throw error;
  }
}
after(async () => {
  await stack?.stop();
  await db?.drop();
});

/** The part of a zod schema used here (as in apps/web/lib/api-call.ts). */
interface Schema<T> {
  safeParse(
    input: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/** The schemas checked against a real answer, by name (for the coverage test at the end). */
const checked = new Set<string>();
const nameOf = new Map<unknown, string>(
  Object.entries(contracts)
    .filter(([name]) => name.endsWith('Schema'))
    .map(([name, value]) => [value, name]),
);

/** What is wrong with `body` for `schema`: missing or mistyped fields, then fields it does not know. */
export function mismatches<T>(schema: Schema<T>, body: unknown): string[] {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    return parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  try {
    assert.deepStrictEqual(parsed.data, body);
    return [];
  } catch (error) {
    return [`fields the contract does not know (dropped by parsing):\n${(error as Error).message}`];
  }
}

let client = 0;
interface CallOptions {
  token?: string;
  body?: unknown;
  raw?: { body: Uint8Array<ArrayBuffer> | string; contentType: string };
  headers?: Record<string, string>;
}

/** One real HTTP call; returns status and the JSON body (undefined when empty). */
async function call(method: string, urlPath: string, options: CallOptions = {}) {
  client++;
  const res = await fetch(`${stack.api.url}${urlPath}`, {
    method,
    headers: {
      accept: 'application/json',
      'x-forwarded-for': `203.0.113.${client % 250}`,
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.raw ? { 'content-type': options.raw.contentType } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body: options.raw ? options.raw.body : options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/**
 * Calls the API and checks the answer against the web's contract: the expected status, then
 * mismatches() empty. Returns the parsed (typed) answer.
 */
async function answer<T>(
  schema: Schema<T>,
  expectedStatus: number,
  method: string,
  urlPath: string,
  options: CallOptions = {},
): Promise<T> {
  const res = await call(method, urlPath, options);
  assert.equal(res.status, expectedStatus, `${method} ${urlPath}: ${JSON.stringify(res.body)}`);
  const problems = mismatches(schema, res.body);
  assert.deepEqual(problems, [], `${method} ${urlPath} does not match ${nameOf.get(schema)}: ${problems.join('\n')}`);
  const name = nameOf.get(schema);
  if (name) checked.add(name);
  return schema.safeParse(res.body).success ? (schema.safeParse(res.body) as { data: T }).data : (undefined as T);
}

describe('owner accounts: sessions, me, staff, invites, audit', () => {
  test('login, refresh, me, staff list, invite, role change, invite accepted, logout, audit log', async () => {
    const session = await answer(ownerSessionSchema, 200, 'POST', '/v1/owner/auth/login', {
      body: { store: STORE, email: `owner@${STORE}.sokoni.test`, password: DEMO_PASSWORD },
    });
    const refreshed = await answer(ownerSessionSchema, 200, 'POST', '/v1/owner/auth/refresh', {
      body: { store: STORE, refreshToken: session.refreshToken },
    });
    const token = refreshed.accessToken;
    const me = await answer(ownerMeSchema, 200, 'GET', '/v1/owner/auth/me', { token });
    assert.equal(me.user.role, 'owner');
    const staff = await answer(staffListSchema, 200, 'GET', '/v1/owner/staff', { token });
    assert.ok(staff.items.length >= 3, 'the seeded owner, admin and staff');

    const invited = await answer(staffInvitedSchema, 201, 'POST', '/v1/owner/staff/invites', {
      token,
      body: { name: 'Achieng Contract', role: 'staff', email: `contract-${randomUUID().slice(0, 8)}@example.com` },
    });
    assert.equal(invited.user.status, 'invited');
    assert.equal(invited.smsSent, false);
    const changed = await answer(staffUpdatedSchema, 200, 'PATCH', `/v1/owner/staff/${invited.user.id}`, {
      token,
      body: { role: 'admin' },
    });
    assert.equal(changed.user.role, 'admin');
    const inviteToken = new URL(invited.inviteUrl).pathname.split('/').pop()!;
    const accepted = await answer(ownerSessionSchema, 200, 'POST', '/v1/owner/auth/invites/accept', {
      body: { token: inviteToken, password: 'contract-test-password-1' },
    });
    assert.equal(accepted.user.role, 'admin');
    await answer(noContentSchema, 204, 'POST', '/v1/owner/auth/logout', {
      body: { store: STORE, refreshToken: accepted.refreshToken },
    });

    const audit = await answer(auditLogPageSchema, 200, 'GET', '/v1/owner/audit?limit=30', { token });
    assert.ok(
      audit.items.some((e) => e.action === 'user.invited'),
      'the invite is in the audit log',
    );
  });
});

describe('owner catalog', () => {
  test('categories, products, one product (owner and storefront), create, edit, variant, price, stock, sale, photo, CSV import', async () => {
    const { accessToken: token } = await demoLogin(jsonCall, STORE, 'owner');
    await answer(ownerCategoryListSchema, 200, 'GET', '/v1/owner/catalog/categories', { token });
    const list = await answer(ownerProductListSchema, 200, 'GET', '/v1/owner/catalog/products?limit=50', { token });
    const active = list.items.find((p) => p.status === 'active')!;
    assert.ok(active, 'an active seeded product');
    await answer(ownerProductResponseSchema, 200, 'GET', `/v1/owner/catalog/products/${active.slug}`, { token });
    const shown = await answer(productResponseSchema, 200, 'GET', `/v1/stores/${STORE}/products/${active.slug}`);
    assert.ok(shown.product.images.length >= 0);

    const sku = `CONTRACT-${randomUUID().slice(0, 6).toUpperCase()}`;
    const created = await answer(ownerProductResponseSchema, 201, 'POST', '/v1/owner/catalog/products', {
      token,
      body: {
        title: 'Contract test desk lamp',
        status: 'active',
        optionNames: ['Colour'],
        variants: [{ sku: `${sku}-BLK`, options: { Colour: 'Black' }, priceKes: 2500, stock: 3 }],
      },
    });
    const slug = created.product.slug;
    await answer(ownerProductResponseSchema, 200, 'PATCH', `/v1/owner/catalog/products/${slug}`, {
      token,
      body: { description: 'A warm light for late accounts.' },
    });
    const withVariant = await answer(
      ownerProductResponseSchema,
      201,
      'POST',
      `/v1/owner/catalog/products/${slug}/variants`,
      {
        token,
        body: { sku: `${sku}-WHT`, options: { Colour: 'White' }, priceKes: 2500, stock: 2 },
      },
    );
    assert.equal(withVariant.product.variants.length, 2);
    const price = await answer(ownerPriceChangedSchema, 200, 'PATCH', `/v1/owner/catalog/variants/${sku}-BLK/price`, {
      token,
      body: { priceKes: 2400, compareAtKes: 2900 },
    });
    assert.equal(price.variant.priceKes, 2400);
    const stock = await answer(ownerStockMovedSchema, 201, 'POST', `/v1/owner/catalog/variants/${sku}-BLK/inventory`, {
      token,
      body: { kind: 'restock', quantity: 5 },
    });
    assert.equal(stock.variant.onHand, 8);
    const startsAt = new Date(Date.now() - 60_000);
    await answer(ownerSaleScheduledSchema, 201, 'POST', `/v1/owner/catalog/variants/${sku}-WHT/sales`, {
      token,
      body: {
        salePriceKes: 2000,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#d4a017' } })
      .png()
      .toBuffer()
      .then((b) => new Uint8Array(b));
    const photo = await answer(
      ownerProductImageAddedSchema,
      201,
      'POST',
      `/v1/owner/catalog/products/${slug}/images?alt=Lamp`,
      {
        token,
        raw: { body: png, contentType: 'image/png' },
      },
    );
    assert.equal(photo.image.alt, 'Lamp');

    const csv = await fetch(`${stack.api.url}/v1/owner/catalog/export.csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(csv.status, 200);
    const exported = await csv.text();
    const report = await answer(catalogImportReportSchema, 200, 'POST', '/v1/owner/catalog/import', {
      token,
      raw: { body: `${exported.trimEnd()}\nnot-a-slug!,,,,,,,,\n`, contentType: 'text/csv' },
    });
    assert.ok(report.rowsImported > 0, JSON.stringify(report));
    assert.ok(report.errors.length >= 1, 'the bad row is reported by line');
  });
});

describe('owner settings, delivery and insights', () => {
  test('M-Pesa and messaging settings, delivery zones and rules, insight cards, metrics, live counters, dismissing a card', async () => {
    const { accessToken: token } = await demoLogin(jsonCall, STORE, 'owner');
    const mpesa = await answer(mpesaSettingsResponseSchema, 200, 'GET', '/v1/owner/settings/mpesa', { token });
    assert.equal(mpesa.settings.configured, true);
    const tested = await answer(mpesaCheckSchema, 200, 'POST', '/v1/owner/settings/mpesa/test', { token, body: {} });
    assert.equal(tested.ok, true, tested.message);
    const messaging = await answer(messagingSettingsResponseSchema, 200, 'GET', '/v1/owner/settings/messaging', {
      token,
    });
    await answer(messagingSettingsResponseSchema, 200, 'PUT', '/v1/owner/settings/messaging', {
      token,
      body: messaging.settings,
    });
    // Store identity: branding and business details (docs/branding.md).
    const branding = await answer(contracts.brandingResponseSchema, 200, 'GET', '/v1/owner/settings/branding', {
      token,
    });
    await answer(contracts.brandingResponseSchema, 200, 'PUT', '/v1/owner/settings/branding', {
      token,
      body: {
        brandColor: branding.branding.brandColor,
        hero: branding.branding.hero ? { headline: branding.branding.hero.headline } : null,
        announcement: null,
        sections: branding.branding.sections,
      },
    });
    await answer(contracts.brandingResponseSchema, 200, 'PUT', '/v1/owner/settings/business', {
      token,
      body: {
        legalName: 'Nairobi Gadgets Ltd',
        kraPin: 'P051234567X',
        physicalAddress: 'Luthuli Avenue',
        openingHours: 'Daily 8-7',
      },
    });
    // The storefront's default language (docs/i18n.md).
    await answer(contracts.storeLanguageResponseSchema, 200, 'GET', '/v1/owner/settings/language', { token });
    await answer(contracts.storeLanguageResponseSchema, 200, 'PUT', '/v1/owner/settings/language', {
      token,
      body: { language: 'en' },
    });

    const delivery = await answer(ownerDeliverySettingsSchema, 200, 'GET', '/v1/owner/delivery/zones', { token });
    const zone = delivery.zones[0]!;
    assert.ok(zone, 'a seeded delivery zone');
    await answer(ownerDeliveryZoneSavedSchema, 200, 'PUT', `/v1/owner/delivery/zones/${zone.slug}`, {
      token,
      body: { name: zone.name, feeKes: zone.feeKes, etaHoursMin: zone.etaHoursMin, etaHoursMax: zone.etaHoursMax },
    });
    await answer(ownerDeliveryRulesSavedSchema, 200, 'PUT', '/v1/owner/delivery/rules', {
      token,
      body: delivery.rules,
    });

    await answer(liveCountersSchema, 200, 'GET', '/v1/owner/insights/live', { token });
    for (const period of ['day', 'week', 'month'])
      await answer(insightMetricsSchema, 200, 'GET', `/v1/owner/insights/metrics?period=${period}`, { token });
    let cards = 0;
    for (const period of ['day', 'week', 'month']) {
      const list = await answer(insightListSchema, 200, 'GET', `/v1/owner/insights?period=${period}`, { token });
      cards += list.cards.length;
      if (list.cards[0]) {
        const dismissed = await answer(
          insightDismissedSchema,
          200,
          'POST',
          `/v1/owner/insights/${list.cards[0].id}/dismiss`,
          {
            token,
            body: {},
          },
        );
        assert.equal(dismissed.alreadyDismissed, false);
      }
    }
    assert.ok(cards > 0, 'the seeded history gives insight cards (so their shape is checked)');
  });
});

describe('owner orders', () => {
  test('an order paid by M-Pesa: list, order, payments, delivery, conversation, reply, packed, dispatched, delivered, refunded', async () => {
    const { accessToken: token } = await demoLogin(jsonCall, STORE, 'owner');
    const tenantId = db.seed!.stores.find((s) => s.slug === STORE)!.tenantId;
    const shopper = `2547${String(Date.now()).slice(-4)}0000`; // ...0000: the Daraja sandbox pays
    const variant = first(
      await sql<{ sku: string }>(
        `SELECT v.sku FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
      WHERE v.tenant_id = $1 AND v.on_hand >= 50 AND p.status = 'active' ORDER BY v.price_kes, v.sku LIMIT 1`,
        [tenantId],
      ),
    );
    const cart = await call('POST', `/v1/stores/${STORE}/cart/lines`, { body: { sku: variant.sku, quantity: 1 } });
    assert.equal(cart.status, 200, JSON.stringify(cart.body));
    const placed = await call('POST', `/v1/stores/${STORE}/orders`, {
      body: { phone: shopper, name: 'Otieno Contract', areaSlug: 'kilimani' },
      headers: {
        'x-cart-token': (cart.body as { cart: { token: string } }).cart.token,
        'idempotency-key': `contract-${randomUUID()}`,
      },
    });
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    const order = (placed.body as { order: { id: string; number: number } }).order;
    const pay = await call('POST', `/v1/stores/${STORE}/orders/${order.id}/payments`, {
      body: {},
      headers: { 'idempotency-key': `contract-pay-${randomUUID()}` },
    });
    assert.equal(pay.status, 201, JSON.stringify(pay.body));
    await waitFor('the order paid', async () => {
      const row = first(await sql<{ status: string }>(`SELECT status FROM orders WHERE id = $1`, [order.id]));
      return row.status === 'paid' ? row : null;
    });

    const n = order.number;
    // Refusals come in the one error envelope, which the web reads with errorBodySchema.
    await answer(errorBodySchema, 404, 'GET', '/v1/owner/orders/999999', { token });
    const list = await answer(ownerOrderListSchema, 200, 'GET', '/v1/owner/orders?limit=100', { token });
    assert.ok(list.items.some((o) => o.number === n));
    await answer(ownerOrderListSchema, 200, 'GET', '/v1/owner/orders?status=paid&limit=100', { token });
    await answer(orderResponseSchema, 200, 'GET', `/v1/owner/orders/${n}`, { token });
    const money = await answer(ownerOrderPaymentsSchema, 200, 'GET', `/v1/owner/orders/${n}/payments`, { token });
    assert.equal(money.payments[0]?.status, 'paid');
    await answer(orderDeliveriesSchema, 200, 'GET', `/v1/owner/orders/${n}/delivery`, { token });
    await answer(pickupAgentListSchema, 200, 'GET', `/v1/stores/${STORE}/delivery/agents?area=kilimani`);

    // The shopper writes on WhatsApp (through the sandbox): the 24-hour window opens, a reply may go.
    const phoneNumberId = first(
      await sql<{ id: string }>(`SELECT whatsapp_phone_number_id AS id FROM messaging_settings WHERE tenant_id = $1`, [
        tenantId,
      ]),
    ).id;
    const inbound = await fetch(`${stack.sandbox.url}/__admin/whatsapp/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phoneNumberId, from: shopper, text: 'When does it come?' }),
    });
    assert.ok(inbound.ok, `sandbox inbound: ${inbound.status}`);
    await waitFor('the inbound message', async () => {
      const rows = await sql<Row>(`SELECT 1 FROM messages WHERE phone = $1 AND direction = 'in'`, [shopper]);
      return rows[0] ?? null;
    });
    const conversation = await answer(orderConversationSchema, 200, 'GET', `/v1/owner/orders/${n}/messages`, { token });
    assert.equal(conversation.reply.allowed, true);
    await answer(ownerReplySentSchema, 201, 'POST', `/v1/owner/orders/${n}/messages`, {
      token,
      body: { text: 'Our rider leaves at 3pm.' },
    });

    await answer(orderResponseSchema, 200, 'POST', `/v1/owner/orders/${n}/status`, { token, body: { to: 'packed' } });
    const dispatched = await answer(orderDeliveryChangedSchema, 201, 'POST', `/v1/owner/orders/${n}/dispatch`, {
      token,
      body: { method: 'manual_rider', riderName: 'Kamau', riderPhone: '254711000111' },
    });
    assert.equal(dispatched.delivery.rider?.name, 'Kamau');
    const deliveries = await answer(orderDeliveriesSchema, 200, 'GET', `/v1/owner/orders/${n}/delivery`, { token });
    assert.ok(deliveries.delivery);
    await answer(orderDeliveryChangedSchema, 200, 'POST', `/v1/owner/orders/${n}/delivered`, { token, body: {} });
    const refund = await answer(refundResponseSchema, 201, 'POST', `/v1/owner/orders/${n}/refunds`, {
      token,
      body: { reason: 'Contract test refund', amountKes: 1 },
    });
    assert.equal(refund.refund.amountKes, 1);
    const after = await answer(ownerOrderPaymentsSchema, 200, 'GET', `/v1/owner/orders/${n}/payments`, { token });
    assert.equal(after.refunds.length, 1);
  });
});

describe('owner reviews', () => {
  test('the list (the demo history has reviews), reply, edit the reply, hide, show again', async () => {
    const { accessToken: token } = await demoLogin(jsonCall, STORE, 'owner');
    const list = await answer(contracts.ownerReviewListSchema, 200, 'GET', '/v1/owner/reviews?limit=20', { token });
    const review = list.items.find((r) => !r.hidden && !r.reply);
    assert.ok(review, 'a seeded review without a reply');
    await answer(contracts.ownerReviewResponseSchema, 200, 'PUT', `/v1/owner/reviews/${review.id}/reply`, {
      token,
      body: { body: 'Asante!' },
    });
    const edited = await answer(
      contracts.ownerReviewResponseSchema,
      200,
      'PUT',
      `/v1/owner/reviews/${review.id}/reply`,
      {
        token,
        body: { body: 'Asante sana!' },
      },
    );
    assert.ok(edited.review.reply?.updatedAt);
    await answer(contracts.ownerReviewResponseSchema, 200, 'POST', `/v1/owner/reviews/${review.id}/hide`, {
      token,
      body: { reason: 'contract check' },
    });
    await answer(contracts.ownerReviewResponseSchema, 200, 'POST', `/v1/owner/reviews/${review.id}/unhide`, {
      token,
      body: {},
    });
  });
});

describe('back in stock and return settings', () => {
  test('shoppers waiting per variant (product page), the return window read and saved', async () => {
    const { accessToken: token } = await demoLogin(jsonCall, STORE, 'owner');
    const [variant] = await sql<{ sku: string; slug: string; on_hand: number }>(
      `SELECT v.sku, p.slug, v.on_hand FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
        JOIN tenants t ON t.id = v.tenant_id WHERE t.slug = $1 AND v.on_hand > 0 AND v.status = 'active' AND p.status = 'active'
        ORDER BY v.sku DESC LIMIT 1`,
      [STORE],
    );
    await answer(ownerStockMovedSchema, 201, 'POST', `/v1/owner/catalog/variants/${variant!.sku}/inventory`, {
      token,
      body: { kind: 'adjustment', quantity: -variant!.on_hand },
    });
    await answer(contracts.backInStockSignupResponseSchema, 201, 'POST', `/v1/stores/${STORE}/back-in-stock`, {
      body: {
        sku: variant!.sku,
        phone: '0712 000 351',
        channel: 'whatsapp',
        consent: true,
        consentText: 'Send me one message when this item is back in stock.',
      },
    });
    const waiting = await answer(
      contracts.backInStockWaitingSchema,
      200,
      'GET',
      `/v1/owner/back-in-stock?product=${variant!.slug}`,
      { token },
    );
    assert.equal(waiting.variants.find((v) => v.sku === variant!.sku)?.waiting, 1);
    // Its stock back, for the tests that follow.
    await answer(ownerStockMovedSchema, 201, 'POST', `/v1/owner/catalog/variants/${variant!.sku}/inventory`, {
      token,
      body: { kind: 'restock', quantity: variant!.on_hand },
    });
    await answer(contracts.returnSettingsResponseSchema, 200, 'GET', '/v1/owner/settings/returns', { token });
    await answer(contracts.returnSettingsResponseSchema, 200, 'PUT', '/v1/owner/settings/returns', {
      token,
      body: { enabled: true, windowDays: 7 },
    });
  });
});

describe('store creation wizard', () => {
  test('address check, sign-up, progress, every step, publish', async () => {
    const name = `Contract Kibanda ${randomUUID().slice(0, 6)}`;
    const slug = await answer(slugCheckSchema, 200, 'GET', `/v1/onboarding/slug?name=${encodeURIComponent(name)}`);
    assert.equal(slug.available, true);
    await answer(slugCheckSchema, 200, 'GET', `/v1/onboarding/slug?slug=${STORE}`);
    const signUp = await answer(signUpAnswerSchema, 201, 'POST', '/v1/onboarding/stores', {
      body: {
        storeName: name,
        vertical: 'electronics',
        ownerName: 'Wanjiru Contract',
        phone: `07${String(Date.now()).slice(-8)}`,
        password: 'contract-owner-2026',
      },
    });
    const token = signUp.accessToken;
    await answer(onboardingViewSchema, 200, 'GET', '/v1/owner/onboarding', { token });
    await answer(onboardingViewSchema, 200, 'PUT', '/v1/owner/onboarding/contact', {
      token,
      body: { whatsappNumber: '0712 345 678', location: 'Moi Avenue, Nairobi CBD', tagline: 'Chargers and more' },
    });
    await answer(categoryChangedSchema, 200, 'PUT', '/v1/owner/onboarding/category', {
      token,
      body: { vertical: 'fashion' },
    });
    await answer(onboardingViewSchema, 200, 'PUT', '/v1/owner/onboarding/advanced', { token, body: { show: true } });
    await answer(onboardingViewSchema, 200, 'POST', '/v1/owner/onboarding/mpesa/skip', { token, body: {} });
    const saved = await answer(mpesaSettingsSavedSchema, 200, 'PUT', '/v1/owner/settings/mpesa', {
      token,
      body: {
        kind: 'till',
        shortcode: '7700112',
        tillNumber: '700112',
        consumerKey: 'contract-consumer-key',
        consumerSecret: 'contract-consumer-secret',
        passkey: 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919',
      },
    });
    assert.equal(saved.settings.configured, true);
    await answer(mpesaCheckSchema, 200, 'POST', '/v1/owner/settings/mpesa/test', { token, body: {} });
    await answer(ownerDeliverySettingsSchema, 200, 'POST', '/v1/owner/delivery/defaults', { token, body: {} });
    const starters = await answer(starterProductsAddedSchema, 201, 'POST', '/v1/owner/onboarding/starter-products', {
      token,
      body: {},
    });
    assert.ok(starters.added.length > 0);
    await answer(onboardingViewSchema, 200, 'PUT', '/v1/owner/onboarding/policy', {
      token,
      body: { returnPolicy: starters.onboarding.defaults.returnPolicy },
    });
    const published = await answer(storePublishedSchema, 200, 'POST', '/v1/owner/onboarding/publish', {
      token,
      body: {},
    });
    assert.equal(published.alreadyPublished, false);
    const again = await answer(storePublishedSchema, 200, 'POST', '/v1/owner/onboarding/publish', { token, body: {} });
    assert.equal(again.alreadyPublished, true);
  });
});

describe('owner promotions', () => {
  test('automatic promotions, coupons (create, edit, pause), code batches (generate, list, end)', async () => {
    const { accessToken: token } = await demoLogin(jsonCall, STORE, 'owner');
    const c = contracts;
    await answer(c.ownerPromotionListSchema, 200, 'GET', '/v1/owner/promotions/automatic', { token });
    const made = await answer(c.ownerPromotionResponseSchema, 201, 'POST', '/v1/owner/promotions/automatic', {
      token,
      body: { kind: 'free_delivery_over', name: 'Contract free delivery', minSubtotalKes: 50000 },
    });
    await answer(
      c.ownerPromotionResponseSchema,
      200,
      'POST',
      `/v1/owner/promotions/automatic/${made.promotion.id}/end`,
      {
        token,
      },
    );
    await answer(c.ownerCouponListSchema, 200, 'GET', '/v1/owner/promotions/coupons', { token });
    await answer(c.ownerCouponResponseSchema, 201, 'POST', '/v1/owner/promotions/coupons', {
      token,
      body: { code: 'CONTRACT5', kind: 'percent', value: 5, categorySlugs: ['phones'] },
    });
    await answer(c.ownerCouponResponseSchema, 200, 'PATCH', '/v1/owner/promotions/coupons/CONTRACT5', {
      token,
      body: { value: 6 },
    });
    await answer(c.ownerCouponResponseSchema, 200, 'POST', '/v1/owner/promotions/coupons/CONTRACT5/pause', { token });
    const batch = await answer(c.ownerCouponBatchCreatedSchema, 201, 'POST', '/v1/owner/promotions/coupon-batches', {
      token,
      body: { prefix: 'CT', count: 3, kind: 'fixed', value: 100 },
    });
    await answer(c.ownerCouponBatchListSchema, 200, 'GET', '/v1/owner/promotions/coupon-batches', { token });
    await answer(
      c.ownerCouponBatchResponseSchema,
      200,
      'POST',
      `/v1/owner/promotions/coupon-batches/${batch.batch.id}/end`,
      {
        token,
      },
    );
  });
});

describe('owner categories, option matrix, photos and bulk edits', () => {
  test('category tree, create, rename, delete (its product moved); more option values; photo list, assign, move, remove; bulk stock, price, sale, archive', async () => {
    const { accessToken: token } = await demoLogin(jsonCall, STORE, 'owner');
    const c = contracts;
    const tree = await answer(c.ownerCategoryTreeSchema, 200, 'GET', '/v1/owner/catalog/categories/tree', { token });
    assert.ok(tree.categories.length > 0, 'the seeded categories');
    const tag = randomUUID().slice(0, 6);
    const parent = await answer(c.ownerCategoryResponseSchema, 201, 'POST', '/v1/owner/catalog/categories', {
      token,
      body: { name: `Contract lamps ${tag}` },
    });
    const child = await answer(c.ownerCategoryResponseSchema, 201, 'POST', '/v1/owner/catalog/categories', {
      token,
      body: { name: `Contract desk lamps ${tag}`, parentSlug: parent.category.slug },
    });
    assert.equal(child.category.parentSlug, parent.category.slug);
    const renamed = await answer(
      c.ownerCategoryResponseSchema,
      200,
      'PATCH',
      `/v1/owner/catalog/categories/${child.category.slug}`,
      { token, body: { name: `Contract reading lamps ${tag}` } },
    );
    assert.equal(renamed.category.name, `Contract reading lamps ${tag}`);

    const sku = `CONTRACT-M${tag.toUpperCase()}`;
    const created = await answer(ownerProductResponseSchema, 201, 'POST', '/v1/owner/catalog/products', {
      token,
      body: {
        title: `Contract matrix lamp ${tag}`,
        status: 'active',
        categorySlug: child.category.slug,
        optionNames: ['Colour'],
        variants: [{ sku: `${sku}-BLK`, options: { Colour: 'Black' }, priceKes: 1800, stock: 2 }],
      },
    });
    const slug = created.product.slug;
    const added = await answer(c.ownerOptionsAddedSchema, 200, 'POST', `/v1/owner/catalog/products/${slug}/options`, {
      token,
      body: { options: [{ name: 'Colour', values: ['Red'] }] },
    });
    assert.equal(added.created.length, 1);
    assert.equal(added.product.variants.length, 2);

    const upload = async (background: string) => {
      const png = await sharp({ create: { width: 320, height: 240, channels: 3, background } })
        .png()
        .toBuffer()
        .then((b) => new Uint8Array(b));
      return answer(ownerProductImageAddedSchema, 201, 'POST', `/v1/owner/catalog/products/${slug}/images`, {
        token,
        raw: { body: png, contentType: 'image/png' },
      });
    };
    await upload('#111111');
    await upload('#cc2222');
    const images = await answer(c.ownerImageListSchema, 200, 'GET', `/v1/owner/catalog/products/${slug}/images`, {
      token,
    });
    assert.equal(images.images.length, 2);
    const red = images.images[1]!;
    const assigned = await answer(
      c.ownerImageListSchema,
      200,
      'POST',
      `/v1/owner/catalog/products/${slug}/images/${red.id}/variants`,
      { token, body: { option: 'Colour', value: 'Red' } },
    );
    assert.deepEqual(assigned.images.find((i) => i.id === red.id)?.skus, added.created);
    const moved = await answer(
      c.ownerDoneSchema,
      200,
      'POST',
      `/v1/owner/catalog/products/${slug}/images/${red.id}/move`,
      { token, body: { direction: 'up' } },
    );
    assert.equal(moved.done, true);
    await answer(c.ownerDoneSchema, 200, 'DELETE', `/v1/owner/catalog/products/${slug}/images/${red.id}`, { token });
    const left = await answer(c.ownerImageListSchema, 200, 'GET', `/v1/owner/catalog/products/${slug}/images`, {
      token,
    });
    assert.equal(left.images.length, 1);

    const products = [slug];
    const stock = await answer(c.ownerBulkResultSchema, 200, 'POST', '/v1/owner/catalog/bulk/stock', {
      token,
      body: { products, onHand: 4 },
    });
    assert.equal(stock.products, 1);
    const price = await answer(c.ownerBulkResultSchema, 200, 'POST', '/v1/owner/catalog/bulk/price', {
      token,
      body: { products, percent: 10 },
    });
    assert.equal(price.variants, 2);
    await answer(c.ownerBulkResultSchema, 200, 'POST', '/v1/owner/catalog/bulk/sale', {
      token,
      body: { products, percent: 10, days: 3 },
    });
    await answer(c.ownerBulkResultSchema, 200, 'POST', '/v1/owner/catalog/bulk/archive', {
      token,
      body: { products },
    });

    const deleted = await answer(
      c.ownerCategoryDeletedSchema,
      200,
      'DELETE',
      `/v1/owner/catalog/categories/${child.category.slug}`,
      { token },
    );
    assert.equal(deleted.productsMoved, 1);
    assert.equal(deleted.movedTo, parent.category.slug);
    const empty = await answer(
      c.ownerCategoryDeletedSchema,
      200,
      'DELETE',
      `/v1/owner/catalog/categories/${parent.category.slug}`,
      { token },
    );
    assert.ok(empty.deleted);
  });
});

/** A cart of one item, an order for `shopper`, paid by M-Pesa through the sandbox (with its receipt). */
async function paidOrder(shopper: string): Promise<{ id: string; number: number; sku: string; totalKes: number }> {
  const tenantId = db.seed!.stores.find((s) => s.slug === STORE)!.tenantId;
  const variant = first(
    await sql<{ sku: string }>(
      `SELECT v.sku FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
      WHERE v.tenant_id = $1 AND v.on_hand >= 50 AND v.status = 'active' AND p.status = 'active'
      ORDER BY v.price_kes, v.sku LIMIT 1`,
      [tenantId],
    ),
  );
  const cart = await call('POST', `/v1/stores/${STORE}/cart/lines`, { body: { sku: variant.sku, quantity: 1 } });
  assert.equal(cart.status, 200, JSON.stringify(cart.body));
  const placed = await call('POST', `/v1/stores/${STORE}/orders`, {
    body: { phone: shopper, name: 'Njeri Contract', areaSlug: 'kilimani' },
    headers: {
      'x-cart-token': (cart.body as { cart: { token: string } }).cart.token,
      'idempotency-key': `contract-${randomUUID()}`,
    },
  });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  const order = (placed.body as { order: { id: string; number: number; totalKes: number } }).order;
  const pay = await call('POST', `/v1/stores/${STORE}/orders/${order.id}/payments`, {
    body: {},
    headers: { 'idempotency-key': `contract-pay-${randomUUID()}` },
  });
  assert.equal(pay.status, 201, JSON.stringify(pay.body));
  await waitFor('the order paid, with its M-Pesa receipt', async () => {
    const rows = await sql<Row>(
      `SELECT 1 FROM orders o JOIN payments p ON p.order_id = o.id
        WHERE o.id = $1 AND o.status = 'paid' AND p.receipt_number IS NOT NULL`,
      [order.id],
    );
    return rows[0] ?? null;
  });
  return { ...order, sku: variant.sku };
}

/** A shopper's phone-verified session: the sign-in code comes by SMS through the sandbox. */
async function shopperSession(phone: string): Promise<string> {
  const smsTo = async () => {
    const res = await fetch(`${stack.sandbox.url}/__admin/sms/messages?to=%2B${phone}`);
    return ((await res.json()) as { messages: { message: string }[] }).messages;
  };
  const before = (await smsTo()).length;
  const otp = await call('POST', `/v1/stores/${STORE}/shopper/otp`, { body: { phone: `0${phone.slice(3)}` } });
  assert.equal(otp.status, 202, JSON.stringify(otp.body));
  const messages = await waitFor('the sign-in SMS', async () => {
    const list = await smsTo();
    return list.length > before ? list : null;
  });
  const code = /\b(\d{6})\b/.exec(messages.at(-1)!.message)![1]!;
  const res = await call('POST', `/v1/stores/${STORE}/shopper/session`, { body: { phone, code } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return (res.body as { sessionToken: string }).sessionToken;
}

describe('owner order aftercare', () => {
  test("the order's aftercare view, a return asked, accepted (refund) and received; refund-and-cancel", async () => {
    const { accessToken: token } = await demoLogin(jsonCall, STORE, 'owner');
    const c = contracts;
    const shopper = `2547${String(Date.now()).slice(-4)}1000`; // ...000: the Daraja sandbox pays
    const order = await paidOrder(shopper);
    const n = order.number;
    const paid = await answer(c.ownerAftercareSchema, 200, 'GET', `/v1/owner/orders/${n}/aftercare`, { token });
    assert.equal(paid.tracking.cancel.allowed, true);
    await answer(orderResponseSchema, 200, 'POST', `/v1/owner/orders/${n}/status`, { token, body: { to: 'packed' } });
    await answer(orderDeliveryChangedSchema, 201, 'POST', `/v1/owner/orders/${n}/dispatch`, {
      token,
      body: { method: 'manual_rider', riderName: 'Kamau', riderPhone: '254711000111' },
    });
    await answer(orderDeliveryChangedSchema, 200, 'POST', `/v1/owner/orders/${n}/delivered`, { token, body: {} });

    const session = await shopperSession(shopper);
    const asked = await answer(
      c.orderReturnResponseSchema,
      201,
      'POST',
      `/v1/stores/${STORE}/shopper/orders/${order.id}/returns`,
      { token: session, body: { lines: [{ sku: order.sku, quantity: 1 }], reason: 'Not the colour I wanted' } },
    );
    assert.equal(asked.return.status, 'requested');
    const withReturn = await answer(c.ownerAftercareSchema, 200, 'GET', `/v1/owner/orders/${n}/aftercare`, {
      token,
    });
    assert.equal(withReturn.tracking.returns.request?.id, asked.return.id);
    // The web reads the decision as { return: orderReturnSchema, refundError } (app/owner/orders/[number]/return).
    const decided = await answer(
      z.object({ return: c.orderReturnSchema, refundError: z.string().nullable() }),
      200,
      'POST',
      `/v1/owner/orders/${n}/returns/decision`,
      { token, body: { decision: 'accept' } },
    );
    checked.add(nameOf.get(c.orderReturnSchema)!);
    assert.equal(decided.return.status, 'accepted');
    assert.equal(decided.refundError, null);
    const received = await answer(c.orderReturnResponseSchema, 200, 'POST', `/v1/owner/orders/${n}/returns/received`, {
      token,
      body: {},
    });
    assert.ok(received.return.receivedAt);

    const other = await paidOrder(`2547${String(Date.now()).slice(-4)}2000`);
    const cancelled = await answer(c.cancelOrderResultSchema, 200, 'POST', `/v1/owner/orders/${other.number}/cancel`, {
      token,
      body: { reason: 'Out of stock' },
    });
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(cancelled.refund.status, 'sent');
    assert.equal(cancelled.refund.amountKes, other.totalKes);
  });
});

describe('owner pay on delivery', () => {
  test('settings (read, saved), a pay-on-delivery order at the door: cash to collect, Collect with M-Pesa, cash received', async () => {
    const { accessToken: token } = await demoLogin(jsonCall, STORE, 'owner');
    const c = contracts;
    const settings = await answer(c.podSettingsResponseSchema, 200, 'GET', '/v1/owner/pay-on-delivery/settings', {
      token,
    });
    assert.ok(settings.deliveryAreas.length > 0);
    await answer(c.podSettingsResponseSchema, 200, 'PUT', '/v1/owner/pay-on-delivery/settings', {
      token,
      body: { enabled: true, maxOrderKes: 1_000_000, areaSlugs: ['kilimani'], firstTimeAllowed: true },
    });
    const tenantId = db.seed!.stores.find((s) => s.slug === STORE)!.tenantId;
    const variant = first(
      await sql<{ sku: string }>(
        `SELECT v.sku FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
      WHERE v.tenant_id = $1 AND v.on_hand >= 50 AND p.status = 'active' ORDER BY v.price_kes, v.sku LIMIT 1`,
        [tenantId],
      ),
    );
    const outForDelivery = async (suffix: string) => {
      const cart = await call('POST', `/v1/stores/${STORE}/cart/lines`, { body: { sku: variant.sku, quantity: 1 } });
      const placed = await call('POST', `/v1/stores/${STORE}/orders`, {
        body: {
          phone: `2547${String(Date.now()).slice(-4)}${suffix}`,
          name: 'Wanjiku Contract',
          areaSlug: 'kilimani',
          paymentMethod: 'on_delivery',
        },
        headers: {
          'x-cart-token': (cart.body as { cart: { token: string } }).cart.token,
          'idempotency-key': `contract-pod-${randomUUID()}`,
        },
      });
      assert.equal(placed.status, 201, JSON.stringify(placed.body));
      const n = (placed.body as { order: { number: number; totalKes: number } }).order;
      await answer(orderResponseSchema, 200, 'POST', `/v1/owner/orders/${n.number}/status`, {
        token,
        body: { to: 'packed' },
      });
      await answer(orderDeliveryChangedSchema, 201, 'POST', `/v1/owner/orders/${n.number}/dispatch`, {
        token,
        body: { method: 'manual_rider', riderName: 'Kamau', riderPhone: '254711000111' },
      });
      return n;
    };
    const byMpesa = await outForDelivery('2000');
    const byCash = await outForDelivery('3000');
    const cash = await answer(c.cashToCollectSchema, 200, 'GET', '/v1/owner/pay-on-delivery/cash-to-collect', {
      token,
    });
    assert.ok(cash.riders.some((r) => r.orderNumbers.includes(byCash.number)));
    await answer(c.paymentResponseSchema, 201, 'POST', `/v1/owner/orders/${byMpesa.number}/pay-on-delivery/mpesa`, {
      token,
      body: {},
      headers: { 'idempotency-key': `contract-door-${randomUUID()}` },
    });
    const received = await answer(
      orderResponseSchema,
      200,
      'POST',
      `/v1/owner/orders/${byCash.number}/pay-on-delivery/cash`,
      { token, body: { amountKes: byCash.totalKes } },
    );
    assert.equal(received.order.collected?.via, 'cash');
  });
});

describe('owner custom domains', () => {
  test('add a domain, list, check, remove', async () => {
    const { accessToken: token } = await demoLogin(jsonCall, STORE, 'owner');
    const c = contracts;
    const host = `contract-${randomUUID().slice(0, 8)}.example.co.ke`;
    const added = await answer(c.ownerDomainResponseSchema, 201, 'POST', '/v1/owner/settings/domains', {
      token,
      body: { host },
    });
    assert.equal(added.domain.host, host);
    assert.ok(added.domain.records.length > 0, 'the DNS records to create');
    const list = await answer(c.ownerDomainsResponseSchema, 200, 'GET', '/v1/owner/settings/domains', { token });
    assert.ok(list.domains.some((d) => d.id === added.domain.id));
    await answer(c.ownerDomainResponseSchema, 200, 'POST', `/v1/owner/settings/domains/${added.domain.id}/check`, {
      token,
      body: {},
    });
    const removed = await answer(
      c.ownerDomainRemovedSchema,
      200,
      'DELETE',
      `/v1/owner/settings/domains/${added.domain.id}`,
      { token },
    );
    assert.deepEqual(removed.removed, { id: added.domain.id, host });
  });
});

describe('owner webhooks', () => {
  test('add an endpoint, list, test, log, turn off and on, resend, remove', async () => {
    const { accessToken: token } = await demoLogin(jsonCall, STORE, 'owner');
    const c = contracts;
    const base = '/v1/owner/settings/webhooks';
    const created = await answer(c.createdWebhookSchema, 201, 'POST', base, {
      token,
      body: { url: 'http://127.0.0.1:9/contract-hook', events: ['order.paid', 'product.stock_low'] },
    });
    const id = created.endpoint.id;
    const list = await answer(c.webhookEndpointListSchema, 200, 'GET', base, { token });
    assert.ok(list.endpoints.some((e) => e.id === id));
    const ping = await answer(c.webhookPingSchema, 202, 'POST', `${base}/${id}/test`, { token, body: {} });
    const failed = await waitFor('the test delivery tried', async () => {
      const log = await answer(c.webhookDeliveryListSchema, 200, 'GET', `${base}/${id}/deliveries`, { token });
      return log.deliveries.find((d) => d.id === ping.deliveryId && d.attempts > 0);
    });
    const off = await answer(c.webhookUpdatedSchema, 200, 'PATCH', `${base}/${id}`, {
      token,
      body: { enabled: false },
    });
    assert.equal(off.endpoint.status, 'disabled');
    await answer(c.webhookUpdatedSchema, 200, 'PATCH', `${base}/${id}`, { token, body: { enabled: true } });
    await sql(`UPDATE webhook_event_deliveries SET status = 'failed' WHERE id = $1`, [failed.id]);
    const resent = await answer(c.webhookResentSchema, 202, 'POST', `${base}/deliveries/${failed.id}/resend`, {
      token,
      body: {},
    });
    assert.equal(resent.delivery.status, 'pending');
    const removed = await answer(c.webhookRemovedSchema, 200, 'DELETE', `${base}/${id}`, { token });
    assert.equal(removed.removed, true);
  });
});

describe('owner API keys', () => {
  test('create, list, revoke', async () => {
    const { accessToken: token } = await demoLogin(jsonCall, STORE, 'owner');
    const c = contracts;
    const created = await answer(c.apiKeyCreatedAnswerSchema, 201, 'POST', '/v1/owner/settings/api-keys', {
      token,
      body: { name: 'Contract check', scopes: ['orders.read'] },
    });
    const list = await answer(c.apiKeyListAnswerSchema, 200, 'GET', '/v1/owner/settings/api-keys', { token });
    assert.ok(list.keys.some((k) => k.id === created.key.id));
    const revoked = await answer(
      c.apiKeyRevokedAnswerSchema,
      200,
      'DELETE',
      `/v1/owner/settings/api-keys/${created.key.id}`,
      { token },
    );
    assert.equal(revoked.key.state, 'revoked');
  });
});

describe('owner alerts', () => {
  test('own alert settings (read, saved), push subscription on and off', async () => {
    const { accessToken: token } = await demoLogin(jsonCall, STORE, 'owner');
    const c = contracts;
    const wrapped = z.object({ settings: c.alertSettingsSchema });
    const read = await answer(wrapped, 200, 'GET', '/v1/owner/alerts', { token });
    assert.ok(read.settings.kinds.includes('payment_problem'));
    const saved = await answer(wrapped, 200, 'PUT', '/v1/owner/alerts', {
      token,
      body: {
        quietHours: { start: '22:00', end: '07:00' },
        preferences: [{ kind: 'low_stock', channel: 'sms', enabled: true }],
      },
    });
    assert.deepEqual(saved.settings.quietHours, { start: '22:00', end: '07:00' });
    checked.add(nameOf.get(c.alertSettingsSchema)!);
    await answer(c.pushSubscriptionAnswerSchema, 200, 'DELETE', '/v1/owner/alerts/push-subscriptions', {
      token,
      body: {},
    });
  });
});

describe('owner eTIMS', () => {
  test("settings (off, then switched on: the device initialised at the sandbox), a paid order's invoice in the documents", async () => {
    const { accessToken: token } = await demoLogin(jsonCall, STORE, 'owner');
    const c = contracts;
    const off = await answer(c.etimsSettingsResponseSchema, 200, 'GET', '/v1/owner/settings/etims', { token });
    assert.equal(off.settings.enabled, false);
    const on = await answer(c.etimsSettingsResponseSchema, 200, 'PUT', '/v1/owner/settings/etims', {
      token,
      body: { kraPin: 'P051234567X', deviceSerial: 'dvc-contract-1', enabled: true },
    });
    assert.equal(on.settings.enabled, true);
    assert.ok(on.settings.initialised);
    const order = await paidOrder(`2547${String(Date.now()).slice(-4)}3000`);
    await waitFor('the sales invoice sent', async () => {
      const rows = await sql<Row>(
        `SELECT 1 FROM etims_documents WHERE order_id = $1 AND status IN ('accepted', 'accepted_unsigned', 'rejected')`,
        [order.id],
      );
      return rows[0] ?? null;
    });
    const docs = await answer(c.etimsDocumentsResponseSchema, 200, 'GET', '/v1/owner/etims/documents', { token });
    assert.ok(docs.documents.some((d) => d.orderNumber === order.number));
  });
});

describe('owner exports', () => {
  test('start a background export, its progress until done (with a link), the list', async () => {
    const { accessToken: token } = await demoLogin(jsonCall, STORE, 'owner');
    const c = contracts;
    const started = await answer(c.ownerExportAnswerSchema, 202, 'POST', '/v1/owner/exports/jobs', {
      token,
      body: { kind: 'payments', from: '2026-01-01', to: '2026-12-31' },
    });
    const done = await waitFor('the export written', async () => {
      const view = await answer(c.ownerExportAnswerSchema, 200, 'GET', `/v1/owner/exports/jobs/${started.export.id}`, {
        token,
      });
      return view.export.status === 'done' ? view : null;
    });
    assert.ok(done.export.download, 'a signed link');
    const list = await answer(c.ownerExportListSchema, 200, 'GET', '/v1/owner/exports/jobs', { token });
    assert.ok(list.exports.some((e) => e.id === started.export.id));
  });
});

describe('owner inbox and reconciliation pages', () => {
  test('the conversation list, a thread, marking it read, a reply; the day list and a report', async () => {
    const { accessToken: token } = await demoLogin(jsonCall, STORE, 'owner');
    const c = contracts;
    const shopper = `2547${String(Date.now()).slice(-4)}4000`;
    const order = await paidOrder(shopper);
    const tenantId = db.seed!.stores.find((s) => s.slug === STORE)!.tenantId;
    const phoneNumberId = first(
      await sql<{ id: string }>(`SELECT whatsapp_phone_number_id AS id FROM messaging_settings WHERE tenant_id = $1`, [
        tenantId,
      ]),
    ).id;
    const inbound = await fetch(`${stack.sandbox.url}/__admin/whatsapp/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phoneNumberId, from: shopper, text: 'Is it coming today?' }),
    });
    assert.ok(inbound.ok, `sandbox inbound: ${inbound.status}`);
    await waitFor('the inbound message', async () => {
      const rows = await sql<Row>(`SELECT 1 FROM messages WHERE phone = $1 AND direction = 'in'`, [shopper]);
      return rows[0] ?? null;
    });
    const list = await answer(c.conversationListSchema, 200, 'GET', '/v1/owner/conversations', { token });
    assert.ok(list.conversations.some((x) => x.phone === shopper && x.unread));
    const thread = await answer(c.inboxThreadSchema, 200, 'GET', `/v1/owner/conversations/${shopper}`, { token });
    assert.equal(thread.order?.number, order.number);
    await answer(c.inboxReadSchema, 200, 'POST', `/v1/owner/conversations/${shopper}/read`, { token });
    await answer(c.ownerReplySentSchema, 201, 'POST', `/v1/owner/conversations/${shopper}/messages`, {
      token,
      body: { text: 'Yes, by 5pm.' },
    });

    const day = first(
      await sql<{ day: string }>(`SELECT ((now() AT TIME ZONE 'Africa/Nairobi')::date)::text AS day`),
    ).day;
    await answer(c.reconciliationReportSchema, 200, 'POST', `/v1/owner/payments/reconciliation?day=${day}`, { token });
    const report = await answer(c.reconciliationReportSchema, 200, 'GET', `/v1/owner/payments/reconciliation/${day}`, {
      token,
    });
    assert.equal(report.report.day, day);
    const days = await answer(c.reconciliationDaysSchema, 200, 'GET', '/v1/owner/payments/reconciliation', { token });
    assert.equal(days.days[0]?.day, day);
  });
});

describe('the check itself', () => {
  test('a renamed, a mistyped and an unknown field are each caught', async () => {
    const { accessToken: token } = await demoLogin(jsonCall, STORE, 'owner');
    const res = await call('GET', '/v1/owner/settings/mpesa', { token });
    const real = res.body as { settings: Record<string, unknown> };
    assert.deepEqual(mismatches(mpesaSettingsResponseSchema, real), []);
    const { shortcode, ...rest } = real.settings;
    const renamed = { settings: { ...rest, shortCode: shortcode } };
    assert.ok(mismatches(mpesaSettingsResponseSchema, renamed).some((m) => m.startsWith('settings.shortcode')));
    const mistyped = { settings: { ...real.settings, configured: 'yes' } };
    assert.ok(mismatches(mpesaSettingsResponseSchema, mistyped).some((m) => m.startsWith('settings.configured')));
    const extra = { settings: { ...real.settings, consumerSecret: 'leaked' } };
    assert.ok(mismatches(mpesaSettingsResponseSchema, extra).some((m) => m.includes('does not know')));
  });

  test('every answer schema the owner and wizard code names was checked against a real answer above', () => {
    const names = new Set<string>();
    for (const file of webFiles()) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/\b([a-z][A-Za-z]*Schema)\b/g)) if (m[1]! in contracts) names.add(m[1]!);
    }
    // Schemas the web uses on its own input (form fields), not on an API answer.
    for (const input of ['storeSlugSchema', 'productSlugSchema', 'validationDetailsSchema', 'apiKeyIdSchema'])
      names.delete(input);
    for (const input of ['storeSlugSchema', 'productSlugSchema', 'validationDetailsSchema']) names.delete(input);
    // The inbox's and the reconciliation page's route parameters (a phone, a day): input too.
    for (const input of ['conversationPhoneSchema', 'reconciliationDaySchema']) names.delete(input);
    assert.ok(names.size >= 30, `found the web's schemas (${names.size})`);
    const unchecked = [...names].filter((n) => !checked.has(n)).sort();
    assert.deepEqual(unchecked, [], 'schemas the web parses answers with that no test here checked');
  });
});

/** The owner dashboard's and the wizard's code. */
function webFiles(): string[] {
  const web = path.join(ROOT, 'apps/web');
  const roots = ['app/owner', 'app/start', 'lib/owner', 'lib/wizard'].map((d) => path.join(web, d));
  const files = readdirSync(path.join(web, 'lib'))
    .filter((f) => /^(owner|wizard|api-call)[\w-]*\.ts$/.test(f))
    .map((f) => path.join(web, 'lib', f));
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry)) files.push(full);
    }
  };
  roots.forEach(walk);
  return files;
}

/** demoLogin's caller (tests/helpers/http.ts) over this file's call(). */
async function jsonCall<T>(method: string, urlPath: string, body?: unknown, token?: string) {
  const res = await call(method, urlPath, { body, token });
  return jsonResponse<T>(res.status, new Headers(), res.body);
}
