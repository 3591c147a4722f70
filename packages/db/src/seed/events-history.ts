import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { TenantTransaction } from '../tenant-transaction';
import type { SeedStore } from './types';
import { seededRandom } from './random';

/**
 * A generated, deterministic 90-day history for a demo store, so the owner dashboard and the
 * insight cards show something true on first start:
 *
 * - storefront events (page views, searches, product views, cart adds, checkouts, M-Pesa
 *   prompts, payments, WhatsApp hand-offs) with evening peaks, busier Fridays/Saturdays and
 *   month-end (payday) bumps, a slow upward trend, shoppers' areas weighted by population,
 *   mostly on phones;
 * - the orders those sessions placed as real rows (orders, items, timeline, M-Pesa payments
 *   with receipts, deliveries), paid ones delivered, failed STK prompts (1032 cancelled,
 *   timeouts, insufficient funds) leaving cancelled orders;
 * - a story each store's insights can find: one outer area where checkouts rarely turn into
 *   payments although its delivery fee is the store's highest, one product many look at and
 *   few buy, a few searches that find nothing.
 *
 * Same store + same end day = same history (a seeded PRNG, ids derived from the tenant).
 * Written once per store: the first history order's idempotency key marks it, so a second
 * seed run writes nothing (the seed-twice snapshot test relies on that). Historic sales take
 * no stock out of the ledger: opening stock stays what the catalog seed says.
 */

export interface HistoryOptions {
  /** Days of history ending yesterday (Nairobi). */
  days?: number;
  /** The Nairobi day the history ends before (YYYY-MM-DD); default today. */
  today?: string;
}

export interface HistorySummary {
  written: boolean;
  events: number;
  orders: number;
  paidOrders: number;
  days: number;
}

interface StoreStory {
  sessionsPerDay: number;
  /** The area whose checkouts mostly fail (its fee is the store's highest). */
  poorArea: string;
  /** Many views, few sales. */
  hypeProduct: string;
  /** Searches that find nothing. */
  missingTerms: string[];
  /** The last 7 days have far more cancelled STK prompts (the M-Pesa rule fires). */
  stkTroubleLastWeek: boolean;
}

const STORIES: Record<string, StoreStory> = {
  'nairobi-gadgets': {
    sessionsPerDay: 120,
    poorArea: 'ruiru',
    hypeProduct: 'tecno-spark-20',
    missingTerms: ['ps5', 'starlink', 'playstation 5'],
    stkTroubleLastWeek: false,
  },
  'mtindo-fashion': {
    sessionsPerDay: 80,
    poorArea: 'kitengela',
    hypeProduct: 'kitenge-shift-dress',
    missingTerms: ['school uniform', 'swimsuit', 'raincoat'],
    stkTroubleLastWeek: true,
  },
  'saa-bora': {
    sessionsPerDay: 50,
    poorArea: 'ngong',
    hypeProduct: 'citizen-eco-drive-bm7100',
    missingTerms: ['rolex', 'garmin', 'smart ring'],
    stkTroubleLastWeek: false,
  },
  'nyumba-living': {
    sessionsPerDay: 60,
    poorArea: 'ruiru',
    hypeProduct: '',
    missingTerms: ['fridge', 'gas cylinder', 'water dispenser'],
    stkTroubleLastWeek: false,
  },
};
const DEFAULT_STORY: StoreStory = {
  sessionsPerDay: 60,
  poorArea: 'ruiru',
  hypeProduct: '',
  missingTerms: ['airpods'],
  stkTroubleLastWeek: false,
};

/** Where shoppers are, roughly by population (and Ruiru/Kitengela/Ngong: big, far, pricey to reach). */
const AREA_WEIGHTS: [string, number][] = [
  ['kasarani', 8],
  ['embakasi', 9],
  ['kayole', 7],
  ['umoja', 6],
  ['roysambu', 6],
  ['ruiru', 14],
  ['kitengela', 10],
  ['ongata-rongai', 6],
  ['kilimani', 5],
  ['westlands', 5],
  ['south-b', 4],
  ['donholm', 4],
  ['buruburu', 4],
  ['kawangware', 5],
  ['kibera', 5],
  ['langata', 4],
  ['karen', 2],
  ['syokimau', 4],
  ['utawala', 5],
  ['githurai-45', 5],
  ['zimmerman', 4],
  ['ruaka', 4],
  ['cbd', 4],
  ['eastleigh', 5],
  ['lavington', 2],
  ['kileleshwa', 3],
  ['ngong', 9],
  ['pipeline', 4],
  ['kahawa-wendani', 3],
  ['thome', 2],
];
/** Share of sessions by hour of day (Nairobi): lunch bump, evening peak 19:00-21:00. */
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2, 3, 3.5, 3.5, 4, 5, 5, 4, 4, 4.5, 5.5, 7, 8.5, 9, 8, 5.5, 3];
/** Sunday .. Saturday. */
const WEEKDAY_FACTOR = [1.05, 0.95, 0.9, 0.95, 1.0, 1.15, 1.25];
const NAMES = [
  'Wanjiku',
  'Otieno',
  'Akinyi',
  'Kamau',
  'Njeri',
  'Mutua',
  'Chebet',
  'Omondi',
  'Wambui',
  'Kiprono',
  'Atieno',
  'Mwangi',
  'Nyambura',
  'Barasa',
  'Moraa',
  'Kilonzo',
];
const RIDERS = [
  ['Peter Rider', '254711000101'],
  ['Grace Boda', '254711000102'],
  ['Juma Courier', '254711000103'],
] as const;

function picker<T>(items: readonly (readonly [T, number])[]): (r: number) => T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const [, w] of items) cumulative.push((acc += w / total));
  return (r) => {
    const i = cumulative.findIndex((c) => r < c);
    return items[i === -1 ? items.length - 1 : i]![0];
  };
}

/** A uuid derived from the tenant and a label: the same history gets the same ids. */
function derivedUuid(tenantId: string, label: string): string {
  const h = createHash('sha256').update(`${tenantId}:${label}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** VAT inside a VAT-inclusive KES amount (16 %), rounded half up: same as contracts' vatPortion. */
const vatPortion = (kes: number) => Math.floor((kes * 16 * 2 + 116) / (116 * 2));

/** Nairobi is UTC+3 all year. */
const NAIROBI_OFFSET_MS = 3 * 3600_000;
export function nairobiToday(now = new Date()): string {
  return new Date(now.getTime() + NAIROBI_OFFSET_MS).toISOString().slice(0, 10);
}

export const HISTORY_MARKER = 'seed-history-000001';

interface EventRow {
  at: Date;
  type: string;
  session: string;
  path: string;
  product: string | null;
  sku: string | null;
  query: string | null;
  results: number | null;
  quantity: number | null;
  channel: string;
  area: string | null;
  device: string;
}

/** What one storefront event of a session says: the session, channel and device come from the session. */
type SessionEvent = Pick<EventRow, 'at' | 'type' | 'path'> &
  Partial<Pick<EventRow, 'product' | 'sku' | 'query' | 'results' | 'quantity'>> & { area?: string | null };

export async function seedEventHistory(
  trx: TenantTransaction,
  tenantId: string,
  store: SeedStore,
  options: HistoryOptions = {},
): Promise<HistorySummary> {
  const days = options.days ?? 90;
  const marker = await trx
    .selectFrom('orders')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('idempotency_key', '=', HISTORY_MARKER)
    .executeTakeFirst();
  if (marker) return { written: false, events: 0, orders: 0, paidOrders: 0, days };

  const story = STORIES[store.slug] ?? DEFAULT_STORY;
  const random = seededRandom(`${store.slug}:history:v1`);
  const today = options.today ?? nairobiToday();
  const firstDay = new Date(`${today}T00:00:00Z`).getTime() - days * 86400_000;

  // What the store sells and charges, as the database has it now.
  const variants = (
    await sql<{
      product_slug: string;
      title: string;
      variant_id: string;
      sku: string;
      options: unknown;
      price_kes: number;
    }>`
    SELECT DISTINCT ON (p.slug) p.slug AS product_slug, p.title, v.id AS variant_id, v.sku, v.options, v.price_kes
      FROM products p JOIN product_variants v ON v.tenant_id = p.tenant_id AND v.product_id = p.id
     WHERE p.tenant_id = ${tenantId} AND p.status = 'active'
     ORDER BY p.slug, v.position, v.sku`.execute(trx)
  ).rows;
  if (variants.length === 0) return { written: false, events: 0, orders: 0, paidOrders: 0, days };
  const fees = new Map(
    (
      await sql<{ area_slug: string; fee: number }>`
    SELECT za.area_slug, coalesce(za.fee_kes, z.fee_kes) + za.surcharge_kes AS fee
      FROM delivery_zone_areas za JOIN delivery_zones z ON z.tenant_id = za.tenant_id AND z.id = za.zone_id
     WHERE za.tenant_id = ${tenantId}`.execute(trx)
    ).rows.map((r) => [r.area_slug, r.fee]),
  );
  const settings = await trx
    .selectFrom('delivery_settings')
    .select('free_delivery_from_kes')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  const freeFrom = settings?.free_delivery_from_kes ?? null;

  // The store's problem area is a big one for it: enough checkouts there to judge.
  const areas = AREA_WEIGHTS.filter(([slug]) => fees.has(slug)).map(
    ([slug, w]) => [slug, slug === story.poorArea ? w * 3 : w] as [string, number],
  );
  const pickArea = picker(areas.length ? areas : [['cbd', 1] as const]);
  const pickHour = picker(HOUR_WEIGHTS.map((w, h) => [h, w] as const));
  // Popularity: a long tail, shuffled per store so the best sellers differ between stores.
  const order = variants.map((v) => ({ v, key: seededRandom(`${store.slug}:${v.product_slug}`)() }));
  order.sort((a, b) => a.key - b.key);
  const pickProduct = picker(
    order.map(({ v }, rank) => [v, v.product_slug === story.hypeProduct ? 1.2 : 1 / Math.pow(rank + 3, 0.8)] as const),
  );
  const termsFor = variants.map((v) => v.title.toLowerCase().split(/\s+/).slice(0, 2).join(' '));

  const events: EventRow[] = [];
  const orders: {
    id: string;
    at: Date;
    paid: boolean;
    area: string;
    channel: string;
    items: typeof variants;
    phone: string;
    name: string;
    stk: { outcome: string; code: string }[];
  }[] = [];

  for (let d = 0; d < days; d++) {
    const dayStart = firstDay + d * 86400_000; // Nairobi midnight, as if UTC
    const date = new Date(dayStart);
    const dom = date.getUTCDate();
    const payday = dom >= 25 || dom <= 2 ? 1.3 : dom === 15 ? 1.1 : 1;
    const trend = 0.85 + 0.25 * (d / days);
    const noise = 0.85 + random() * 0.3;
    const sessions = Math.round(story.sessionsPerDay * WEEKDAY_FACTOR[date.getUTCDay()]! * payday * trend * noise);
    const troubled = story.stkTroubleLastWeek && d >= days - 7;
    for (let s = 0; s < sessions; s++) {
      const session = `h${d.toString(36)}x${s.toString(36)}${Math.floor(random() * 1e9).toString(36)}`.padEnd(12, '0');
      let t = dayStart - NAIROBI_OFFSET_MS + pickHour(random()) * 3600_000 + Math.floor(random() * 3600_000);
      const step = () => new Date((t += 15_000 + Math.floor(random() * 90_000)));
      const channelRoll = random();
      const channel = channelRoll < 0.14 ? 'whatsapp' : channelRoll < 0.2 ? 'link' : 'web';
      const deviceRoll = random();
      const device = deviceRoll < 0.86 ? 'mobile' : deviceRoll < 0.95 ? 'desktop' : 'tablet';
      const area = pickArea(random());
      const areaKnown = random() < 0.5;
      // An event names only what it is about; the rest of its columns are null.
      const push = (e: SessionEvent) =>
        events.push({
          session,
          channel,
          device,
          product: null,
          sku: null,
          query: null,
          results: null,
          quantity: null,
          ...e,
          area: e.area === undefined ? (areaKnown ? area : null) : e.area,
        });

      push({
        at: new Date(t),
        type: 'page_view',
        path: '/',
      });
      if (random() < 0.3) {
        const missing = random() < 0.12 && story.missingTerms.length > 0;
        const query = missing
          ? story.missingTerms[Math.floor(random() * story.missingTerms.length)]!
          : termsFor[Math.floor(random() * termsFor.length)]!;
        push({
          at: step(),
          type: 'search',
          path: '/search',
          query,
          results: missing ? 0 : 1 + Math.floor(random() * 12),
        });
      }
      const carted: typeof variants = [];
      let views = 1;
      while (random() < 0.55 && views < 6) views++;
      for (let v = 0; v < views; v++) {
        const product = pickProduct(random());
        push({
          at: step(),
          type: 'product_view',
          path: `/products/${product.product_slug}`,
          product: product.product_slug,
        });
        const cartChance = product.product_slug === story.hypeProduct ? 0.01 : 0.18;
        if (random() < cartChance && !carted.includes(product)) {
          carted.push(product);
          push({
            at: step(),
            type: 'add_to_cart',
            path: `/products/${product.product_slug}`,
            product: product.product_slug,
            sku: product.sku,
            quantity: 1,
          });
        }
      }
      if (channel === 'whatsapp' && random() < 0.3) {
        push({
          at: step(),
          type: 'whatsapp_handoff',
          path: '/cart',
        });
      }
      if (carted.length === 0 || random() >= 0.6) continue;
      push({
        at: step(),
        type: 'checkout_start',
        path: '/checkout',
        area,
      });
      const paysChance = area === story.poorArea ? 0.18 : troubled ? 0.3 : 0.46;
      const phone = `2547${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
      const name = NAMES[Math.floor(random() * NAMES.length)]!;
      const orderAt = step();
      if (random() < paysChance) {
        push({
          at: orderAt,
          type: 'payment_started',
          path: '/checkout',
          area,
        });
        push({
          at: step(),
          type: 'paid',
          path: '/checkout',
          area,
        });
        orders.push({
          id: '',
          at: orderAt,
          paid: true,
          area,
          channel,
          items: carted,
          phone,
          name,
          stk: [{ outcome: 'paid', code: '0' }],
        });
      } else if (random() < (troubled ? 0.9 : 0.4)) {
        push({
          at: orderAt,
          type: 'payment_started',
          path: '/checkout',
          area,
        });
        const r = random();
        const failure =
          troubled || r < 0.6
            ? { outcome: 'cancelled', code: '1032' }
            : r < 0.85
              ? { outcome: 'timeout', code: '1037' }
              : { outcome: 'insufficient_funds', code: '1' };
        orders.push({ id: '', at: orderAt, paid: false, area, channel, items: carted, phone, name, stk: [failure] });
      }
    }
  }

  // Orders in time order take the store's next numbers.
  orders.sort((a, b) => a.at.getTime() - b.at.getTime());
  orders.forEach((o, i) => {
    o.id = derivedUuid(tenantId, `history-order-${i}`);
  });
  await trx
    .insertInto('order_counters')
    .values({ tenant_id: tenantId, last_number: 1000 })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
  const counter = await trx
    .selectFrom('order_counters')
    .select('last_number')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const todayStart = new Date(`${today}T00:00:00Z`).getTime() - NAIROBI_OFFSET_MS;

  const orderRows = orders.map((o, i) => {
    const subtotal = o.items.reduce((s, v) => s + v.price_kes, 0);
    const fee = freeFrom !== null && subtotal >= freeFrom ? 0 : (fees.get(o.area) ?? 300);
    const total = subtotal + fee;
    const delivered = o.paid && o.at.getTime() < todayStart - 2 * 86400_000;
    return {
      o,
      number: counter.last_number + i + 1,
      subtotal,
      fee,
      total,
      delivered,
      status: o.paid ? (delivered ? 'delivered' : 'paid') : 'cancelled',
    };
  });

  const chunk = <T>(rows: T[], size: number) =>
    Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

  for (const part of chunk(orderRows, 2000)) {
    await sql`
      INSERT INTO orders (tenant_id, id, number, status, channel, phone, customer_name, area_slug, delivery_method,
                          subtotal_kes, delivery_fee_kes, discount_kes, total_kes, vat_kes, idempotency_key, request_hash, created_at, updated_at)
      SELECT ${tenantId}::uuid, id, number, status, channel, phone, name, area, 'delivery', subtotal, fee, 0, total, vat,
             key, 'seed-history', at, at
        FROM unnest(${part.map((r) => r.o.id)}::uuid[], ${part.map((r) => r.number)}::int[], ${part.map((r) => r.status)}::text[],
                    ${part.map((r) => r.o.channel)}::text[], ${part.map((r) => r.o.phone)}::text[], ${part.map((r) => r.o.name)}::text[],
                    ${part.map((r) => r.o.area)}::text[], ${part.map((r) => r.subtotal)}::int[], ${part.map((r) => r.fee)}::int[],
                    ${part.map((r) => r.total)}::int[], ${part.map((r) => vatPortion(r.total))}::int[],
                    ${part.map((r) => `seed-history-${String(r.number - counter.last_number).padStart(6, '0')}`)}::text[],
                    ${part.map((r) => r.o.at.toISOString())}::timestamptz[])
          AS t(id, number, status, channel, phone, name, area, subtotal, fee, total, vat, key, at)`.execute(trx);
    const items = part.flatMap((r) => r.o.items.map((v, line) => ({ order: r.o.id, line: line + 1, v })));
    await sql`
      INSERT INTO order_items (tenant_id, order_id, line, variant_id, sku, title, options, unit_price_kes, quantity, line_total_kes)
      SELECT ${tenantId}::uuid, order_id, line, variant_id, sku, title, options, price, 1, price
        FROM unnest(${items.map((i) => i.order)}::uuid[], ${items.map((i) => i.line)}::int[], ${items.map((i) => i.v.variant_id)}::uuid[],
                    ${items.map((i) => i.v.sku)}::text[], ${items.map((i) => i.v.title)}::text[],
                    ${items.map((i) => JSON.stringify(i.v.options ?? {}))}::jsonb[], ${items.map((i) => i.v.price_kes)}::int[])
          AS t(order_id, line, variant_id, sku, title, options, price)`.execute(trx);
    const timeline = part.flatMap((r) => {
      const at = r.o.at.getTime();
      const rows = [
        { order: r.o.id, type: 'placed', from: null as string | null, to: 'pending_payment', actor: 'shopper', at },
      ];
      if (r.o.paid)
        rows.push({
          order: r.o.id,
          type: 'paid',
          from: 'pending_payment',
          to: 'paid',
          actor: 'system',
          at: at + 40_000,
        });
      else
        rows.push({
          order: r.o.id,
          type: 'status_changed',
          from: 'pending_payment',
          to: 'cancelled',
          actor: 'system',
          at: at + 15 * 60_000,
        });
      if (r.delivered)
        rows.push({
          order: r.o.id,
          type: 'status_changed',
          from: 'paid',
          to: 'delivered',
          actor: 'user',
          at: at + 26 * 3600_000,
        });
      return rows;
    });
    await sql`
      INSERT INTO order_events (tenant_id, order_id, type, from_status, to_status, actor_type, data, at)
      SELECT ${tenantId}::uuid, order_id, type, from_status, to_status, actor, '{"source":"demo history"}'::jsonb, at
        FROM unnest(${timeline.map((e) => e.order)}::uuid[], ${timeline.map((e) => e.type)}::text[], ${timeline.map((e) => e.from)}::text[],
                    ${timeline.map((e) => e.to)}::text[], ${timeline.map((e) => e.actor)}::text[],
                    ${timeline.map((e) => new Date(e.at).toISOString())}::timestamptz[])
          AS t(order_id, type, from_status, to_status, actor, at)`.execute(trx);
    const payments = part.flatMap((r) =>
      r.o.stk.map((p, k) => ({ r, p, id: derivedUuid(tenantId, `history-payment-${r.number}-${k}`) })),
    );
    await sql`
      INSERT INTO payments (tenant_id, id, order_id, method, status, outcome, amount_kes, phone, checkout_request_id, merchant_request_id,
                            result_code, result_desc, receipt_number, paid_amount_kes, created_at, resolved_at, updated_at)
      SELECT ${tenantId}::uuid, id, order_id, 'stk', CASE WHEN outcome = 'paid' THEN 'paid' ELSE 'failed' END, outcome, amount, phone,
             'ws_CO_hist_' || replace(id::text, '-', ''), 'hist-' || replace(id::text, '-', ''), code,
             CASE code WHEN '0' THEN 'The service request is processed successfully.' WHEN '1032' THEN 'Request cancelled by user'
                       WHEN '1037' THEN 'DS timeout user cannot be reached' ELSE 'The balance is insufficient for the transaction' END,
             CASE WHEN outcome = 'paid' THEN 'H' || upper(substr(md5(id::text), 1, 9)) END,
             CASE WHEN outcome = 'paid' THEN amount END, at, at + interval '40 seconds', at + interval '40 seconds'
        FROM unnest(${payments.map((x) => x.id)}::uuid[], ${payments.map((x) => x.r.o.id)}::uuid[], ${payments.map((x) => x.p.outcome)}::text[],
                    ${payments.map((x) => x.p.code)}::text[], ${payments.map((x) => x.r.total)}::int[], ${payments.map((x) => x.r.o.phone)}::text[],
                    ${payments.map((x) => x.r.o.at.toISOString())}::timestamptz[])
          AS t(id, order_id, outcome, code, amount, phone, at)`.execute(trx);
    const delivered = part.filter((r) => r.delivered);
    if (delivered.length) {
      await sql`
        INSERT INTO deliveries (tenant_id, order_id, method, status, rider_name, rider_phone, created_by, delivered_at, created_at, updated_at)
        SELECT ${tenantId}::uuid, order_id, 'manual_rider', 'delivered', rider, rider_phone, 'demo history', at + interval '26 hours', at + interval '3 hours', at + interval '26 hours'
          FROM unnest(${delivered.map((r) => r.o.id)}::uuid[], ${delivered.map((r) => RIDERS[r.number % RIDERS.length]![0])}::text[],
                      ${delivered.map((r) => RIDERS[r.number % RIDERS.length]![1])}::text[], ${delivered.map((r) => r.o.at.toISOString())}::timestamptz[])
            AS t(order_id, rider, rider_phone, at)`.execute(trx);
    }
  }
  if (orderRows.length) {
    await trx
      .updateTable('order_counters')
      .set({ last_number: counter.last_number + orderRows.length })
      .where('tenant_id', '=', tenantId)
      .execute();
  }

  for (const part of chunk(events, 10_000)) {
    await sql`
      INSERT INTO events (tenant_id, occurred_at, client_at, type, session_id, path, product_slug, sku, query, result_count, quantity, channel, area_slug, device)
      SELECT ${tenantId}::uuid, at, at, type, session, path, product, sku, query, results, quantity, channel, area, device
        FROM unnest(${part.map((e) => e.at.toISOString())}::timestamptz[], ${part.map((e) => e.type)}::text[], ${part.map((e) => e.session)}::text[],
                    ${part.map((e) => e.path)}::text[], ${part.map((e) => e.product)}::text[], ${part.map((e) => e.sku)}::text[],
                    ${part.map((e) => e.query)}::text[], ${part.map((e) => e.results)}::int[], ${part.map((e) => e.quantity)}::int[],
                    ${part.map((e) => e.channel)}::text[], ${part.map((e) => e.area)}::text[], ${part.map((e) => e.device)}::text[])
          AS t(at, type, session, path, product, sku, query, results, quantity, channel, area, device)`.execute(trx);
  }

  // The daily aggregates for every day of the history (the worker keeps them current after).
  await sql`ANALYZE events`.execute(trx);
  await sql`SELECT set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);
  await sql`SELECT app_analytics_aggregate_day(d::date) FROM generate_series(${new Date(firstDay).toISOString().slice(0, 10)}::date,
              ${today}::date - 1, interval '1 day') AS d`.execute(trx);

  return {
    written: true,
    events: events.length,
    orders: orderRows.length,
    paidOrders: orderRows.filter((r) => r.o.paid).length,
    days,
  };
}

/** The first and last day the history needs partitions for. */
export function historyRange(options: HistoryOptions = {}): { from: string; to: string } {
  const today = options.today ?? nairobiToday();
  const from = new Date(
    new Date(`${today}T00:00:00Z`).getTime() - (options.days ?? 90) * 86400_000 - NAIROBI_OFFSET_MS,
  );
  return { from: from.toISOString().slice(0, 10), to: today };
}
