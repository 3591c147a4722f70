// Issue 15, "no byte sequence turns into a 500". Every public and owner write endpoint of the
// running API (its route table, from /metrics `http_routes_info`, so a new route is covered
// without touching this file) gets hostile text in each string field of a plausible body (NUL,
// other C0, DEL/C1, lone surrogates, invalid UTF-8 bytes, zero-width-only and bidi-override
// names), 10,000-deep nesting, huge numbers and non-JSON bytes; every route gets hostile path
// params, GET routes hostile query strings. Never a 5xx, always { error: { code, message,
// details } }, and what is refused writes nothing. Provider callbacks (/v1/hooks/*,
// /v1/webhooks/*) are another suite's: they store raw bytes first and are never refused here.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ShopperKeys } from '../../apps/api/dist/modules/shoppers/shopper-session.js';
import { createTestDatabase, first, rowsQuery, type Row, type TestDatabase } from '../helpers/database.ts';
import { demoLogin, jsonCaller, type ApiErrorBody } from '../helpers/http.ts';
import { paymentEnv, startSandbox } from '../helpers/payment-stack.ts';
import { startApi, type RunningApi, type RunningProcess } from '../helpers/processes.ts';

const STORE = 'saa-bora';
// Random per run: a secret written in the repository is one production must refuse (published-secrets).
const CART_TOKEN_SECRET = randomBytes(32).toString('base64url');
const SHOPPER_PHONE = '254711000222';
const PROVIDER_CALLBACK = /^\/v1\/(hooks|webhooks)\//;

let db: TestDatabase;
let sandbox: RunningProcess & { url: string; smtpPort: number };
let api: RunningApi;
let ownerToken: string;
let shopperToken: string;
let cartToken: string;
let writeRoutes: { method: string; route: string }[];
let allRoutes: { method: string; route: string }[];
const params: Record<string, string> = {};

const sql = rowsQuery(() => db.ownerUrl);
const jsonCall = jsonCaller(() => api.url, '198.18');
const tenantId = () => db.seed!.stores.find((s) => s.slug === STORE)!.tenantId;

/** An answer; `body` is the parsed JSON (undefined if not JSON) as the shape T the caller names (not checked). */
interface Answer<T = unknown> {
  status: number;
  text: string;
  body: T;
}
/** A refusal, with the details these tests read (each only where the refusal gives it). */
type Refusal = ApiErrorBody<{ field: string; maxDepth: number; issues: { path: unknown; message: string }[] }>;
let client = 0;
/** One request from its own client address (per-IP limits are not what is tested here). */
async function send<T = unknown>(
  method: string,
  path: string,
  options: { body?: string | Buffer; type?: string; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  client++;
  const headers: Record<string, string> = {
    'x-forwarded-for': `198.19.${Math.floor(client / 250) % 250}.${client % 250}`,
    ...(options.body !== undefined ? { 'content-type': options.type ?? 'application/json' } : {}),
    ...(path.startsWith('/v1/owner/') ? { authorization: `Bearer ${ownerToken}` } : {}),
    ...(path.includes('/shopper/') ? { authorization: `Bearer ${shopperToken}` } : {}),
    ...(path.includes('/cart') || path.endsWith('/orders') ? { 'x-cart-token': cartToken } : {}),
    ...options.headers,
  };
  const payload =
    typeof options.body === 'string' || options.body === undefined ? options.body : new Uint8Array(options.body);
  const res = await fetch(`${api.url}${path}`, { method, headers, body: payload });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, text, body: body as T };
}

/** Status -> count, for the test's diagnostic line (what a sweep measured). */
function tally(): { add(status: number, route: string): void; report(): string } {
  const counts = new Map<number, number>();
  const failing = new Set<string>();
  return {
    add: (status, route) => {
      counts.set(status, (counts.get(status) ?? 0) + 1);
      if (status >= 500) failing.add(route);
    },
    report: () =>
      `${[...counts.values()].reduce((a, b) => a + b, 0)} requests; ${[...counts]
        .sort(([a], [b]) => a - b)
        .map(([k, v]) => `${k}x${v}`)
        .join(' ')}` + (failing.size ? `; 5xx from ${[...failing].join(', ')}` : ''),
  };
}

/** Fresh owner and shopper sessions: a sweep may have run "sign out everywhere" (on purpose: it is a write route). */
async function freshSessions(): Promise<void> {
  ownerToken = (await demoLogin(jsonCall, STORE, 'owner')).accessToken;
  shopperToken = (await new ShopperKeys(CART_TOKEN_SECRET).issue(tenantId(), SHOPPER_PHONE, Date.now() * 1000)).token;
}

/** A 4xx/5xx must be the one error shape. */
function shapeProblem(res: Answer): string | null {
  if (res.status < 400) return null;
  const error = (res.body as { error?: { code: unknown; message: unknown; details: unknown } } | undefined)?.error;
  if (
    !error ||
    typeof error.code !== 'string' ||
    typeof error.message !== 'string' ||
    typeof error.details !== 'object' ||
    error.details === null
  ) {
    return `not the error shape: ${res.text.slice(0, 200)}`;
  }
  return null;
}

/**
 * What is wrong with the answer to a hostile request, each as a line naming `where`: a 5xx, no
 * 400 where one was due (`mustRefuse`), an error not in the error shape.
 */
function answerProblems(where: string, res: Answer, mustRefuse = false): string[] {
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`${where}: ${res.status} ${res.text.slice(0, 160)}`);
  if (mustRefuse && res.status !== 400) problems.push(`${where}: ${res.status} (expected 400)`);
  const shape = shapeProblem(res);
  if (shape) problems.push(`${where}: ${shape}`);
  return problems;
}

// ----------------------------------------------------------------------------------------------
// Hostile values

interface Hostile {
  label: string;
  make: (original: string) => string;
  guard: boolean;
}
const mid = (original: string, insert: string) => `${original.slice(0, 2)}${insert}${original.slice(2)}`;
/** guard: true = refused for every field by the API's guard (400 invalid_text). */
const HOSTILE: Hostile[] = [
  { label: 'NUL', make: (o) => mid(o, '\u0000'), guard: true },
  { label: 'C0 U+0001', make: (o) => mid(o, '\u0001'), guard: true },
  { label: 'ESC', make: (o) => mid(o, '\u001b[2J'), guard: true },
  { label: 'DEL', make: (o) => mid(o, '\u007f'), guard: true },
  { label: 'C1 U+0085', make: (o) => mid(o, '\u0085'), guard: true },
  { label: 'lone high surrogate', make: (o) => mid(o, '\ud800'), guard: true },
  { label: 'lone low surrogate', make: (o) => mid(o, '\udc00'), guard: true },
  { label: 'zero-width only', make: () => '\u200b\u200b', guard: false },
  { label: 'bidi override only', make: () => '\u202e', guard: false },
  { label: 'bidi override inside', make: (o) => mid(o, '\u202e'), guard: false },
];
/** Only these are refused in name fields beyond the guard's rules. */
const NAME_ONLY = HOSTILE.filter((h) => !h.guard);
const INVALID_UTF8: { label: string; bytes: number[] }[] = [
  { label: 'byte 0xFF', bytes: [0xff] },
  { label: 'overlong NUL C0 80', bytes: [0xc0, 0x80] },
  { label: 'CESU surrogate ED A0 80', bytes: [0xed, 0xa0, 0x80] },
  { label: 'truncated E2 82', bytes: [0xe2, 0x82] },
];
const HUGE_NUMBERS = ['1e308', '1e400', '-1e400', '9007199254740993', '-99999999999999999999', '1.5', '1e-400'];
const DEPTH = 10_000;
const deepArray = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
const deepObject = '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH);

type Path = (string | number)[];
function leaves(value: unknown, kind: 'string' | 'number', path: Path = []): Path[] {
  if (typeof value === kind) return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, kind, [...path, i]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => leaves(v, kind, [...path, k]));
  return [];
}
function withLeaf(value: unknown, path: Path, leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const copy = (Array.isArray(value) ? [...(value as unknown[])] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[path[0]!] = withLeaf(copy[path[0]!], path.slice(1), leaf);
  return copy;
}
const getLeaf = (value: unknown, path: Path): unknown =>
  path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], value);
const MARK = '@@HOSTILE@@';
/** The sample as JSON with raw bytes in place of one string (what a broken client sends). */
function withRawBytes(sample: unknown, path: Path, bytes: number[]): Buffer {
  const original = String(getLeaf(sample, path));
  const [before, after] = JSON.stringify(
    withLeaf(sample, path, `${original.slice(0, 2)}${MARK}${original.slice(2)}`),
  ).split(MARK) as [string, string];
  return Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
}
/** The sample as JSON with a number literal JSON.stringify cannot write (1e400) in place of one number. */
function withRawNumber(sample: unknown, path: Path, literal: string): string {
  return JSON.stringify(withLeaf(sample, path, MARK)).replace(`"${MARK}"`, literal);
}
const label = (path: Path) =>
  path
    .map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`))
    .join('')
    .replace(/^\./, '');

// ----------------------------------------------------------------------------------------------
// Plausible bodies per route (a valid one where the route has a body; {} otherwise)

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString();
function samples(): Record<string, unknown> {
  const s = `/v1/stores/:store`;
  return {
    [`POST ${s}/events`]: {
      events: [
        {
          type: 'search',
          at: Date.now(),
          sessionId: 'sess-12345678',
          path: '/s/saa-bora/search',
          query: 'saa',
          referrer: 'https://example.com/',
        },
      ],
    },
    [`POST ${s}/cart/lines`]: { sku: params.sku, quantity: 1 },
    [`PUT ${s}/cart/lines/:sku`]: { quantity: 2 },
    [`POST ${s}/cart/identify`]: { phone: '0711000333' },
    [`POST ${s}/cart/restore`]: { shareToken: 'abcdefghijklmnopqrstuvwxyz' },
    [`POST ${s}/orders`]: {
      phone: '0711000444',
      name: 'Wanjiru Kamau',
      areaSlug: params.area,
      deliveryMethod: 'delivery',
      landmark: 'Near the mosque',
      notes: 'Call at the gate',
      couponCode: 'KARIBU10',
    },
    [`POST ${s}/orders/:order/payments`]: { phone: '0711000444' },
    [`POST ${s}/orders/:order/payments/confirm-code`]: { code: 'QKT7RT61SV' },
    [`POST ${s}/shopper/otp`]: { phone: '0711000555' },
    [`POST ${s}/shopper/session`]: { phone: '0711000555', code: '123456' },
    [`PUT ${s}/shopper/addresses`]: { addresses: [{ areaSlug: params.area, landmark: 'Blue gate', label: 'Home' }] },
    ['POST /v1/onboarding/stores']: {
      storeName: 'Duka la Amina',
      vertical: 'fashion',
      ownerName: 'Amina Hassan',
      phone: '0711000666',
      email: 'amina@example.com',
      password: 'a-long-password-1',
    },
    ['POST /v1/owner/auth/login']: { store: STORE, email: 'nobody@saa-bora.sokoni.test', password: 'not-the-password' },
    ['POST /v1/owner/auth/refresh']: { store: STORE, refreshToken: 'r'.repeat(40) },
    ['POST /v1/owner/auth/logout']: { store: STORE, refreshToken: 'r'.repeat(40) },
    ['POST /v1/owner/auth/otp/request']: { store: STORE, phone: '254711000777' },
    ['POST /v1/owner/auth/otp/verify']: { store: STORE, phone: '254711000777', code: '123456' },
    ['POST /v1/owner/auth/password/reset/request']: { store: STORE, phone: '254711000777' },
    ['POST /v1/owner/auth/password/reset']: {
      store: STORE,
      phone: '254711000777',
      code: '123456',
      newPassword: 'a-long-password-1',
    },
    ['POST /v1/owner/auth/invites/accept']: { token: `${STORE}.${'A'.repeat(43)}`, password: 'a-long-password-1' },
    ['POST /v1/owner/staff/invites']: { name: 'Juma Otieno', role: 'staff', phone: '254711000888' },
    ['PATCH /v1/owner/staff/:userId']: { role: 'staff', status: 'active' },
    ['POST /v1/owner/catalog/products']: productSample('HOSTILE-SWEEP-1'),
    ['PATCH /v1/owner/catalog/products/:product']: {
      title: 'Casio Classic',
      brand: 'Casio',
      description: 'A watch.\nWater resistant.',
    },
    ['POST /v1/owner/catalog/products/:product/variants']: {
      sku: 'HOSTILE-VARIANT-1',
      options: { Colour: 'Silver' },
      priceKes: 2500,
      stock: 1,
    },
    ['PATCH /v1/owner/catalog/variants/:sku/price']: { priceKes: 2500, compareAtKes: 3000 },
    ['POST /v1/owner/catalog/variants/:sku/inventory']: { kind: 'restock', quantity: 2, reason: 'Supplier delivery' },
    ['POST /v1/owner/catalog/variants/:sku/sales']: {
      salePriceKes: 1000,
      startsAt: day(1),
      endsAt: day(3),
      reason: 'Weekend sale',
    },
    ['PUT /v1/owner/catalog/collections/:collection']: {
      title: 'Our picks',
      description: 'Chosen by us',
      position: 1,
      productSlugs: [params.product],
    },
    ['POST /v1/owner/orders/:number/status']: { to: 'packed', note: 'Packed by Juma' },
    ['PUT /v1/owner/delivery/zones/:zone']: { name: 'Hostile zone', feeKes: 250, etaHoursMin: 2, etaHoursMax: 6 },
    ['PUT /v1/owner/delivery/rules']: { freeDeliveryFromKes: 5000, pickupFeeKes: 0 },
    ['POST /v1/owner/orders/:number/dispatch']: {
      method: 'manual_rider',
      riderName: 'Otieno',
      riderPhone: '0711000999',
      note: 'Gate B',
    },
    ['POST /v1/owner/orders/:number/delivered']: { note: 'Left with the guard' },
    ['POST /v1/owner/orders/:number/delivery/status']: { status: 'in_transit', note: 'On Thika Road' },
    ['PUT /v1/owner/settings/mpesa']: {
      kind: 'paybill',
      shortcode: '4123456',
      consumerKey: 'consumer-key-1',
      consumerSecret: 'consumer-secret-1',
      passkey: 'passkey-1234',
      initiatorName: 'apiop',
      securityCredential: 'credential-1234',
    },
    ['POST /v1/owner/orders/:number/refunds']: { amountKes: 10, reason: 'Strap was damaged' },
    ['PUT /v1/owner/settings/messaging']: {
      whatsappPhoneNumberId: '1234567',
      language: 'en',
      orderUpdates: true,
      abandonedCartAfterMinutes: 60,
    },
    ['POST /v1/owner/orders/:number/messages']: { text: 'Habari! Your order is packed.' },
    ['PUT /v1/owner/onboarding/contact']: {
      whatsappNumber: '0711000123',
      location: 'Moi Avenue, CBD',
      tagline: 'Watches that last',
    },
    ['PUT /v1/owner/onboarding/policy']: { returnPolicy: 'Returns within 7 days with the receipt, unworn.' },
    ['PUT /v1/owner/onboarding/category']: { vertical: 'watches' },
    ['PUT /v1/owner/onboarding/advanced']: { show: true },
  };
}

function productSample(sku: string, overrides: Record<string, unknown> = {}) {
  return {
    title: 'Hostile Test Watch',
    brand: 'Sokoni',
    description: 'Steel case.\nTwo-year warranty.',
    optionNames: ['Colour'],
    variants: [{ sku, options: { Colour: 'Black' }, priceKes: 4500, stock: 3 }],
    ...overrides,
  };
}

const fill = (route: string, overrides: Record<string, string> = {}) =>
  route.replace(/:([A-Za-z]+)/g, (_, name: string) => overrides[name] ?? encodeURIComponent(params[name] ?? 'dummy'));

// ----------------------------------------------------------------------------------------------

before(async () => {
  db = await createTestDatabase({ seed: true });
  sandbox = await startSandbox();
  api = await startApi(paymentEnv(db, sandbox.url, { CART_TOKEN_SECRET, RATE_LIMIT_MAX: '100000' }, sandbox.smtpPort));
  ownerToken = (await demoLogin(jsonCall, STORE, 'owner')).accessToken;

  const metrics = await (await fetch(`${api.url}/metrics`)).text();
  allRoutes = [...metrics.matchAll(/^http_routes_info\{method="([A-Z]+)",route="([^"]+)"\} 1$/gm)]
    .map(([, method, route]) => ({ method: method!, route: route! }))
    .filter((r) => !PROVIDER_CALLBACK.test(r.route));
  // Session-ending routes last, so the rest run with live sessions.
  const last = (r: { route: string }) => Number(/revoke|logout/.test(r.route));
  writeRoutes = allRoutes
    .filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
    .sort((a, b) => last(a) - last(b));

  const tenant = tenantId();
  const variant = first(
    await sql<{ sku: string; slug: string }>(
      `SELECT v.sku, p.slug FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
    WHERE v.tenant_id = $1 AND p.status = 'active' AND v.on_hand > 5 ORDER BY v.sku LIMIT 1`,
      [tenant],
    ),
  );
  const zone = first(
    await sql<{ slug: string; area_slug: string }>(
      `SELECT z.slug, a.area_slug FROM delivery_zones z JOIN delivery_zone_areas a ON a.tenant_id = z.tenant_id AND a.zone_id = z.id
    WHERE z.tenant_id = $1 ORDER BY z.position, a.area_slug LIMIT 1`,
      [tenant],
    ),
  );
  const [collection] = await sql<{ slug: string }>(`SELECT slug FROM collections WHERE tenant_id = $1 LIMIT 1`, [
    tenant,
  ]);
  const staff = first(
    await sql<{ id: string }>(`SELECT id FROM users WHERE tenant_id = $1 AND role = 'staff' LIMIT 1`, [tenant]),
  );
  Object.assign(params, {
    store: STORE,
    product: variant.slug,
    sku: variant.sku,
    zone: zone.slug,
    area: zone.area_slug,
    collection: collection?.slug ?? 'new-arrivals',
    payment: '00000000-0000-4000-8000-000000000000',
    id: '00000000-0000-4000-8000-000000000001',
    day: '2026-01-15',
    userId: staff.id,
  });

  // An order of the shopper's (routes under /orders/:order and /v1/owner/orders/:number), a
  // shopper session as the API would mint it (same key derivation), and a cart with a line.
  cartToken = await cartWithLine(variant.sku);
  const placed = await send<{ order: { id: string; number: number } }>('POST', `/v1/stores/${STORE}/orders`, {
    body: JSON.stringify({ phone: SHOPPER_PHONE, name: 'Achieng', areaSlug: zone.area_slug }),
    headers: { 'idempotency-key': 'hostile-setup-order-1' },
  });
  assert.equal(placed.status, 201, placed.text);
  Object.assign(params, {
    order: placed.body.order.id,
    orderId: placed.body.order.id,
    number: String(placed.body.order.number),
  });
  shopperToken = (await new ShopperKeys(CART_TOKEN_SECRET).issue(tenant, SHOPPER_PHONE, Date.now() * 1000)).token;
  cartToken = await cartWithLine(variant.sku);
});

async function cartWithLine(sku: string): Promise<string> {
  const cart = await jsonCall<{ cart: { token: string } }>('POST', `/v1/stores/${STORE}/cart/lines`, {
    sku,
    quantity: 1,
  });
  assert.equal(cart.status, 200, JSON.stringify(cart.body));
  return cart.body.cart.token;
}

after(async () => {
  await api?.stop();
  await sandbox?.stop();
  await db?.drop();
});

/** Row counts (and for settings, the row itself) of the tables the checked routes write. */
async function snapshot(): Promise<Record<string, unknown>> {
  const tenant = tenantId();
  const count = async (table: string) =>
    Number((await sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [tenant]))[0]?.n);
  const tables = [
    'products',
    'product_variants',
    'inventory_movements',
    'orders',
    'order_items',
    'shopper_addresses',
    'staff_invites',
    'users',
    'audit_log',
    'messaging_settings',
  ];
  const counts = Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(t)] as const)));
  const [settings] = await sql<Row>(
    `SELECT to_jsonb(m) - 'updated_at' AS row, updated_at FROM messaging_settings m WHERE tenant_id = $1`,
    [tenant],
  );
  const cart = await send<{ cart?: { lines?: { sku: string; quantity: number }[] } } | undefined>(
    'GET',
    `/v1/stores/${STORE}/cart`,
  );
  return {
    ...counts,
    messagingSettings: settings ?? null,
    cartLines: JSON.stringify(cart.body?.cart?.lines?.map((l) => [l.sku, l.quantity])),
  };
}

describe('hostile text on the routes that write: refused with a 400 naming the field, nothing written', () => {
  interface Flow {
    name: string;
    method: string;
    path: () => string;
    /** A fresh valid body (unique where the route needs it). */
    body: (n: number) => Record<string, unknown>;
    /** Fields shown as names: refused also when zero-width-only or carrying a bidi override. */
    names: Path[];
    /** Other text fields: refused for what the guard refuses. */
    texts: Path[];
    headers?: (n: number) => Record<string, string>;
  }
  let n = 0;
  const flows: Flow[] = [
    {
      name: 'product create',
      method: 'POST',
      path: () => '/v1/owner/catalog/products',
      body: (i) => productSample(`HOSTILE-${i}`),
      names: [['title'], ['brand'], ['optionNames', 0], ['variants', 0, 'options', 'Colour']],
      texts: [['description'], ['variants', 0, 'sku']],
    },
    {
      name: 'order placement',
      method: 'POST',
      path: () => `/v1/stores/${STORE}/orders`,
      body: () => ({
        phone: '0711000444',
        name: 'Wanjiru Kamau',
        areaSlug: params.area,
        deliveryMethod: 'delivery',
        landmark: 'Near the mosque',
        notes: 'Call at the gate',
      }),
      names: [['name']],
      texts: [['landmark'], ['notes'], ['phone'], ['areaSlug']],
      headers: (i) => ({ 'idempotency-key': `hostile-order-${i}-${Date.now()}` }),
    },
    {
      name: 'cart line',
      method: 'POST',
      path: () => `/v1/stores/${STORE}/cart/lines`,
      body: () => ({ sku: params.sku, quantity: 1 }),
      names: [],
      texts: [['sku']],
    },
    {
      name: 'shopper addresses',
      method: 'PUT',
      path: () => `/v1/stores/${STORE}/shopper/addresses`,
      body: () => ({
        addresses: [
          { areaSlug: params.area, landmark: 'Blue gate', label: 'Home' },
          { areaSlug: params.area, landmark: 'Office block C', label: 'Work' },
        ],
      }),
      names: [
        ['addresses', 0, 'label'],
        ['addresses', 1, 'label'],
      ],
      texts: [
        ['addresses', 0, 'landmark'],
        ['addresses', 1, 'areaSlug'],
      ],
    },
    {
      name: 'staff invite',
      method: 'POST',
      path: () => '/v1/owner/staff/invites',
      body: (i) => ({ name: 'Juma Otieno', role: 'staff', phone: `2547110${String(10_000 + i).slice(-5)}` }),
      names: [['name']],
      texts: [['role'], ['phone']],
    },
    {
      name: 'messaging settings',
      method: 'PUT',
      path: () => '/v1/owner/settings/messaging',
      body: () => ({
        whatsappPhoneNumberId: '7654321',
        language: 'sw',
        orderUpdates: true,
        ownerEmailAlerts: true,
        abandonedCartNudge: true,
        abandonedCartAfterMinutes: 45,
      }),
      names: [],
      texts: [['whatsappPhoneNumberId'], ['language']],
    },
  ];

  for (const flow of flows) {
    test(`${flow.name}: every hostile value in every text field is a 400, nothing changes; the clean body then goes in`, async () => {
      const before = await snapshot();
      const problems: string[] = [];
      const cases: { what: string; body: string | Buffer }[] = [];
      for (const path of [...flow.names, ...flow.texts]) {
        const isName = flow.names.includes(path);
        for (const hostile of isName ? HOSTILE : HOSTILE.filter((h) => h.guard)) {
          const sample = flow.body(++n);
          cases.push({
            what: `${label(path)} ${hostile.label}`,
            body: JSON.stringify(withLeaf(sample, path, hostile.make(String(getLeaf(sample, path))))),
          });
        }
        for (const bad of INVALID_UTF8)
          cases.push({ what: `${label(path)} ${bad.label}`, body: withRawBytes(flow.body(++n), path, bad.bytes) });
      }
      // A hostile field name (a record key such as an option name) and a hostile extra field.
      cases.push({ what: 'NUL in a field name', body: JSON.stringify({ ...flow.body(++n), 'na\u0000me': 'x' }) });
      cases.push({
        what: '10,000-deep value',
        body: JSON.stringify(flow.body(++n)).replace(/}$/, `,"deep":${deepArray}}`),
      });
      for (const c of cases) {
        const res = await send(flow.method, flow.path(), { body: c.body, headers: flow.headers?.(++n) });
        if (res.status !== 400) problems.push(`${c.what}: ${res.status} ${res.text.slice(0, 160)}`);
        const shape = shapeProblem(res);
        if (shape) problems.push(`${c.what}: ${shape}`);
      }
      if (flow.headers) {
        // Headers the API stores: Latin-1 bytes arrive as U+0080-U+00FF, C1 controls included.
        for (const [header, value] of [
          ['idempotency-key', 'hostile-\u0085-key-1'],
          ['x-cart-token', `${cartToken}\u0085`],
        ] as const) {
          const res = await send(flow.method, flow.path(), {
            body: JSON.stringify(flow.body(++n)),
            headers: { ...flow.headers(++n), [header]: value },
          });
          if (res.status !== 400 && res.status !== 401)
            problems.push(`header ${header}: ${res.status} ${res.text.slice(0, 160)}`);
          if (shapeProblem(res)) problems.push(`header ${header}: ${shapeProblem(res)}`);
        }
      }
      assert.deepEqual(problems, []);
      assert.deepEqual(await snapshot(), before, 'a refused request wrote something');
      // The same body, clean, is accepted: the refusals above were about the hostile text alone.
      const clean = await send(flow.method, flow.path(), {
        body: JSON.stringify(flow.body(++n)),
        headers: flow.headers?.(++n),
      });
      assert.ok(
        clean.status >= 200 && clean.status < 300,
        `clean ${flow.name}: ${clean.status} ${clean.text.slice(0, 300)}`,
      );
      assert.notDeepEqual(await snapshot(), before, `clean ${flow.name} wrote nothing: the check above proves nothing`);
    });
  }

  test('the error names the field: invalid_text with details.field, body_too_deep with the limit', async () => {
    const nul = await send<Refusal>('POST', '/v1/owner/catalog/products', {
      body: JSON.stringify(
        productSample('HOSTILE-NAMED', {
          variants: [{ sku: 'HOSTILE-NAMED', options: { Colour: 'Bl\u0000ack' }, priceKes: 100 }],
        }),
      ),
    });
    assert.equal(nul.status, 400);
    assert.equal(nul.body.error.code, 'invalid_text');
    assert.equal(nul.body.error.details.field, 'variants[0].options.Colour');
    assert.match(nul.body.error.message, /^variants\[0\]\.options\.Colour contains a NUL character/);
    const surrogate = await send<Refusal>('POST', `/v1/stores/${STORE}/orders`, {
      body: JSON.stringify({ phone: '0711000444', name: 'Wan\ud800jiru', areaSlug: params.area }),
      headers: { 'idempotency-key': 'hostile-named-1' },
    });
    assert.equal(surrogate.body.error.code, 'invalid_text');
    assert.equal(surrogate.body.error.details.field, 'name');
    const zeroWidth = await send<Refusal>('POST', '/v1/owner/catalog/products', {
      body: JSON.stringify(productSample('HOSTILE-ZW', { title: '\u200b\u200b' })),
    });
    assert.equal(zeroWidth.status, 400);
    assert.equal(zeroWidth.body.error.code, 'validation_failed');
    assert.deepEqual(
      zeroWidth.body.error.details.issues.map((i) => i.path),
      ['title'],
    );
    assert.match(zeroWidth.body.error.details.issues[0]!.message, /no visible characters/);
    const bidi = await send<Refusal>('POST', '/v1/owner/staff/invites', {
      body: JSON.stringify({ name: 'Juma\u202eexe.gpj', role: 'staff', phone: '254711000999' }),
    });
    assert.equal(bidi.status, 400);
    assert.match(bidi.body.error.details.issues[0]!.message, /bidirectional override \(U\+202E\)/);
    for (const deep of [deepArray, deepObject]) {
      const res = await send<Refusal>('POST', '/v1/owner/catalog/products', { body: deep });
      assert.equal(res.status, 400, res.text.slice(0, 200));
      assert.equal(res.body.error.code, 'body_too_deep');
      assert.equal(res.body.error.details.maxDepth, 32);
    }
    const utf8 = await send<Refusal>('PUT', '/v1/owner/settings/messaging', {
      body: Buffer.from([0x7b, 0x22, 0x6c, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
    });
    assert.equal(utf8.body.error.code, 'invalid_text');
    assert.match(utf8.body.error.message, /not valid UTF-8/);
    // Multi-line text keeps its line breaks and tabs; a name does not take them.
    const multi = await send('PATCH', `/v1/owner/catalog/products/${params.product}`, {
      body: JSON.stringify({ description: 'Line one\r\n\tLine two' }),
    });
    assert.equal(multi.status, 200, multi.text);
    const { description } = first(
      await sql<{ description: string }>(`SELECT description FROM products WHERE tenant_id = $1 AND slug = $2`, [
        tenantId(),
        params.product,
      ]),
    );
    assert.equal(description, 'Line one\r\n\tLine two');
    const newline = await send<Refusal>('PATCH', `/v1/owner/catalog/products/${params.product}`, {
      body: JSON.stringify({ title: 'Two\nlines' }),
    });
    assert.equal(newline.status, 400);
    assert.match(newline.body.error.details.issues[0]!.message, /line break/);
  });

  test('CSV import: NUL, control characters, invalid UTF-8 and invisible names are per-line errors; the good line goes in', async () => {
    const header = 'product_slug,title,brand,sku,price_kes,stock\n';
    const lines = [
      'csv-good,Good Watch,Casio,CSV-GOOD,1500,2',
      'csv-nul,Bad\u0000Watch,Casio,CSV-NUL,1500,2',
      'csv-c0,Bad\u0001Watch,Casio,CSV-C0,1500,2',
      'csv-zw,\u200b\u200b,Casio,CSV-ZW,1500,2',
      'csv-bidi,Watch\u202eexe,Casio,CSV-BIDI,1500,2',
    ];
    const text = Buffer.from(header + lines.join('\n') + '\n');
    const latin1 = Buffer.concat([
      Buffer.from('csv-latin,Montre '),
      Buffer.from([0xe9, 0x74, 0xe9]),
      Buffer.from(',Casio,CSV-LATIN,1500,2\n'),
    ]);
    const before = Number(
      (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM products WHERE tenant_id = $1`, [tenantId()]))[0]?.n,
    );
    const res = await send<{ productsCreated: number; errors: { line: number; errors: string[] }[] }>(
      'POST',
      '/v1/owner/catalog/import',
      {
        body: Buffer.concat([text, latin1]),
        type: 'text/csv',
      },
    );
    assert.equal(res.status, 200, res.text.slice(0, 300));
    assert.equal(res.body.productsCreated, 1);
    assert.deepEqual(
      res.body.errors.map((e) => e.line),
      [3, 4, 5, 6, 7],
    );
    assert.match(res.body.errors.find((e) => e.line === 7)!.errors.join(' '), /not valid UTF-8/);
    assert.match(res.body.errors.find((e) => e.line === 3)!.errors.join(' '), /NUL/);
    const after = Number(
      (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM products WHERE tenant_id = $1`, [tenantId()]))[0]?.n,
    );
    assert.equal(after, before + 1);
    const { slugs } = first(
      await sql<{ slugs: string[] }>(
        `SELECT array_agg(slug ORDER BY slug) AS slugs FROM products WHERE tenant_id = $1 AND slug LIKE 'csv-%'`,
        [tenantId()],
      ),
    );
    assert.deepEqual(slugs, ['csv-good']);
  });
});

describe('every write route of the route table: hostile bodies never give a 5xx', () => {
  test("the route table lists the write routes (hooks and webhooks are another suite's)", () => {
    assert.ok(writeRoutes.length >= 60, `only ${writeRoutes.length} write routes`);
    assert.ok(!writeRoutes.some((r) => PROVIDER_CALLBACK.test(r.route)));
  });

  test('guard-level hostile text in every string field: 400 invalid_text from every route, and no table changes', async (t) => {
    await freshSessions();
    const statuses = tally();
    const before = await tableCounts();
    const known = samples();
    const problems: string[] = [];
    let sent = 0;
    for (const { method, route } of writeRoutes) {
      const sample = known[`${method} ${route}`] ?? { note: 'hello there' };
      const paths = leaves(sample, 'string');
      for (const path of paths) {
        const bodies: { what: string; body: string | Buffer }[] = [
          ...HOSTILE.filter((h) => h.guard).map((h) => ({
            what: h.label,
            body: JSON.stringify(withLeaf(sample, path, h.make(String(getLeaf(sample, path))))),
          })),
          ...INVALID_UTF8.map((b) => ({ what: b.label, body: withRawBytes(sample, path, b.bytes) })),
        ];
        for (const { what, body } of bodies) {
          const res = await send<Refusal | undefined>(method, fill(route), {
            body,
            headers: { 'idempotency-key': `sweep-${++sent}-key` },
          });
          statuses.add(res.status, `${method} ${route}`);
          const where = `${method} ${route} ${label(path)} ${what}`;
          if (res.status !== 400 || res.body?.error?.code !== 'invalid_text')
            problems.push(`${where}: ${res.status} ${res.text.slice(0, 160)}`);
        }
      }
    }
    t.diagnostic(statuses.report());
    assert.deepEqual(problems, []);
    assert.deepEqual(await tableCounts(), before, 'a refused request wrote rows');
  });

  test('names, numbers, nesting, non-JSON bytes and hostile field names: never a 5xx, always the error shape', async (t) => {
    await freshSessions();
    const statuses = tally();
    const known = samples();
    const failures: string[] = [];
    let sent = 0;
    for (const { method, route } of writeRoutes) {
      const sample = known[`${method} ${route}`] ?? {};
      const bodies: { what: string; body: string | Buffer; type?: string }[] = [];
      for (const path of leaves(sample, 'string')) {
        for (const h of NAME_ONLY)
          bodies.push({
            what: `${label(path)} ${h.label}`,
            body: JSON.stringify(withLeaf(sample, path, h.make(String(getLeaf(sample, path))))),
          });
      }
      for (const path of leaves(sample, 'number')) {
        for (const literal of HUGE_NUMBERS)
          bodies.push({ what: `${label(path)} = ${literal}`, body: withRawNumber(sample, path, literal) });
      }
      bodies.push(
        { what: 'generic NUL', body: JSON.stringify({ name: 'a\u0000b', title: 'a\u0000b', text: 'a\u0000b' }) },
        { what: 'NUL field name', body: JSON.stringify({ ...sample, 'x\u0000': 1 }) },
        { what: 'surrogate field name', body: JSON.stringify({ ...sample, 'x\udfff': 1 }) },
        { what: 'string body with NUL', body: JSON.stringify('a\u0000b') },
        { what: `${DEPTH}-deep array`, body: deepArray },
        { what: `${DEPTH}-deep object`, body: deepObject },
        {
          what: 'deep inside the sample',
          body: JSON.stringify(sample).replace(/^\{/, `{"deep":${deepObject},`).replace(/,}$/, '}'),
        },
        { what: 'huge number body', body: '1e999999' },
        { what: 'non-JSON bytes', body: Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe]) },
        { what: 'raw NUL byte inside a JSON string', body: Buffer.from('{"name":"a\u0000b"}', 'utf8') },
        { what: 'empty JSON body', body: '' },
        { what: 'BOM then JSON', body: `\ufeff${JSON.stringify(sample)}` },
        { what: 'form body with %00', body: 'name=a%00b&title=%ED%A0%80', type: 'application/x-www-form-urlencoded' },
        { what: 'text/plain with NUL', body: 'a\u0000b', type: 'text/plain' },
      );
      for (const { what, body, type } of bodies) {
        const res = await send(method, fill(route), {
          body,
          type,
          headers: { 'idempotency-key': `sweep2-${++sent}-key` },
        });
        statuses.add(res.status, `${method} ${route}`);
        failures.push(...answerProblems(`${method} ${route} ${what}`, res));
      }
    }
    t.diagnostic(statuses.report());
    assert.deepEqual(failures, []);
    // Still serving.
    assert.equal((await fetch(`${api.url}/healthz`)).status, 200);
  });
});

describe('provider callbacks are left to their own handling', () => {
  test('/v1/hooks/* and /v1/webhooks/* are never refused by the guard (they store raw bytes first)', async () => {
    const routes = [
      `/v1/hooks/whatsapp`,
      `/v1/hooks/daraja/not-a-secret/stk`,
      `/v1/webhooks/delivery-partner/${STORE}`,
    ];
    for (const path of routes) {
      for (const body of [JSON.stringify({ text: 'a\u0000b', name: '\ud800' }), deepArray]) {
        const res = await send<Refusal | undefined>('POST', path, { body });
        assert.ok(
          !['invalid_text', 'body_too_deep'].includes(res.body?.error?.code ?? ''),
          `${path}: refused by the guard: ${res.text.slice(0, 200)}`,
        );
      }
    }
  });
});

describe('hostile path params and query strings', () => {
  // The values the guard itself refuses with a 400 (control characters, invalid UTF-8), then the
  // ones a route may take or refuse as it likes.
  const GUARD_PARAM_VALUES = new Set([
    '%00',
    'a%00b',
    '%01',
    '%7F',
    '%C2%85',
    '%ED%A0%80',
    '%ED%B0%80',
    '%C0%80',
    '%FF',
  ]);
  const PARAM_VALUES = [
    ...GUARD_PARAM_VALUES,
    '%E2%80%AE',
    '%E2%80%8B%E2%80%8B',
    '%EF%BF%BF',
    'x'.repeat(300),
    '..%2F..%2Fetc',
  ];

  test('every route (any method) with each path param hostile: a 4xx in the error shape, never a 5xx', async (t) => {
    await freshSessions();
    const statuses = tally();
    const failures: string[] = [];
    for (const { method, route } of allRoutes) {
      const names = [...route.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
      for (const name of names) {
        for (const value of PARAM_VALUES) {
          const res = await send(
            method,
            fill(route, { [name]: value }),
            method === 'GET' || method === 'DELETE' ? {} : { body: '{}' },
          );
          statuses.add(res.status, `${method} ${route}`);
          const where = `${method} ${route} :${name}=${value.slice(0, 20)}`;
          failures.push(...answerProblems(where, res, GUARD_PARAM_VALUES.has(value)));
        }
      }
    }
    t.diagnostic(statuses.report());
    assert.deepEqual(failures, []);
  });

  test('every GET route with hostile query values: never a 5xx, control characters refused', async (t) => {
    await freshSessions();
    const statuses = tally();
    const QUERY_KEYS: Record<string, string[]> = {
      '/v1/stores/:store/search': ['q', 'opt', 'cursor', 'category'],
      '/v1/stores/:store/products': ['cursor', 'category'],
      '/v1/stores/:store/delivery/areas': ['q', 'subtotal'],
      '/v1/stores/:store/delivery/quote': ['area', 'subtotal'],
      '/v1/stores/:store/delivery/agents': ['area'],
      '/v1/stores/:store/checkout/preview': ['area', 'method', 'coupon', 'phone'],
      '/v1/tenants/resolve': ['host'],
      '/v1/onboarding/slug': ['name', 'slug'],
      '/v1/owner/audit': ['entityType', 'entityId', 'actorId', 'cursor'],
      '/v1/owner/orders': ['status', 'area', 'cursor'],
      '/v1/owner/catalog/products': ['status', 'cursor'],
      '/v1/owner/insights/metrics': ['period'],
      '/media/*': ['w'],
    };
    const VALUES = ['a%00b', '%01', '%0A', '%7F', '%C2%85', '%ED%A0%80', '%E2%80%AE', '%E2%80%8B', '%EF%BF%BD', '%FF'];
    const failures: string[] = [];
    for (const { route } of allRoutes.filter((r) => r.method === 'GET')) {
      for (const key of QUERY_KEYS[route] ?? ['q']) {
        for (const value of VALUES) {
          const res = await send('GET', `${fill(route.replace('*', 'products/none.webp'))}?${key}=${value}`);
          statuses.add(res.status, `GET ${route}?${key}`);
          // A non-JSON success (sitemap, invoice, CSV, image) is fine; an error is always JSON.
          const refuse = ['a%00b', '%01', '%7F', '%C2%85'].includes(value);
          failures.push(...answerProblems(`GET ${route}?${key}=${value}`, res, refuse));
        }
      }
    }
    t.diagnostic(statuses.report());
    assert.deepEqual(failures, []);
  });
});

/** Row counts of every table of the database: a refused request must not change any. */
async function tableCounts(): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>(
    `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables)
    counts[name] = Number((await sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${name}`))[0]?.n);
  return counts;
}
