import { sql } from 'kysely';
import type { TenantTransaction } from '../tenant-transaction';
import { seededRandom } from './random';
import type { SeedStore } from './types';

/**
 * Demo reviews on the delivered orders of the generated history (events-history.ts), so product
 * pages show stars and words and the owner's Reviews page has something to answer: about 40 %
 * of delivered lines reviewed (mostly 4-5 stars), a few replies from the shop, one hidden spam
 * review per store. In Mtindo Fashion the most reviewed product's rating falls over the last
 * 30 days (the "falling ratings" insight has a true story to tell). Deterministic, and a line
 * already reviewed is left alone (ON CONFLICT DO NOTHING), so a second run changes nothing.
 */
const FALLING_STORE = 'mtindo-fashion';
const SHARE_REVIEWED = 0.4;

const WORDS: Record<number, string[]> = {
  5: [
    'Exactly as pictured and delivered the next morning. Asante sana!',
    'Very good quality for the price. Will buy again.',
    'Poa sana! The rider called before arriving and it was well packed.',
    'Bought it as a gift and she loved it.',
    '',
  ],
  4: [
    'Good value. Delivery took a day longer than promised but the item is fine.',
    'Nice, works well. Packaging could be better.',
    'Happy with it. The colour is a little darker than the photo.',
    '',
  ],
  3: ['It is okay. Does the job but nothing special.', 'Average quality, fair price.', ''],
  2: [
    'Not the same quality as the one I bought before. Stitching came loose after a week.',
    'Smaller than I expected, check the size guide.',
  ],
  1: ['Arrived damaged and the new batch feels cheap. Disappointed.', 'Not as described. Hii si ile ya picha.'],
};
const REPLIES = [
  'Asante for the kind words! Karibu tena.',
  'Thank you for the feedback. We have spoken to our rider about timing.',
  'Sorry about this. Please WhatsApp us your order number and we will make it right.',
];

interface Line {
  order_id: string;
  line: number;
  product_id: string;
  product_slug: string;
  phone: string;
  customer_name: string;
  created_at: Date;
}

const authorName = (name: string) => {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const last = words.length > 1 ? words[words.length - 1]! : '';
  return last ? `${words[0]} ${last[0]!.toUpperCase()}.` : (words[0] ?? 'Shopper');
};

export async function seedReviews(trx: TenantTransaction, tenantId: string, store: SeedStore): Promise<number> {
  const lines = (
    await sql<Line>`
      SELECT i.order_id, i.line, v.product_id, p.slug AS product_slug, o.phone, o.customer_name, o.created_at
        FROM orders o
        JOIN order_items i ON i.tenant_id = o.tenant_id AND i.order_id = o.id
        JOIN product_variants v ON v.tenant_id = i.tenant_id AND v.id = i.variant_id
        JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
       WHERE o.tenant_id = ${tenantId} AND o.status = 'delivered' AND o.idempotency_key LIKE 'seed-history-%'
       ORDER BY o.created_at, i.line`.execute(trx)
  ).rows;
  if (lines.length === 0) return 0;
  const now = Date.now();
  const dayMs = 86_400_000;
  // The falling story: the product with the most delivered lines.
  let falling: string | null = null;
  if (store.slug === FALLING_STORE) {
    const counts = new Map<string, number>();
    for (const l of lines) counts.set(l.product_slug, (counts.get(l.product_slug) ?? 0) + 1);
    falling = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  }
  const rows: {
    order_id: string;
    line: number;
    product_id: string;
    phone: string;
    author: string;
    rating: number;
    body: string;
    at: string;
    hidden: string | null;
    reply: string | null;
  }[] = [];
  let hiddenDone = false;
  for (const l of lines) {
    const random = seededRandom(`${store.slug}:review:${l.order_id}:${l.line}`);
    const story = l.product_slug === falling;
    if (!story && random() > SHARE_REVIEWED) continue;
    const at = Math.min(new Date(l.created_at).getTime() + (1 + random() * 3) * dayMs, now - 3600_000);
    const recent = now - at < 28 * dayMs;
    const roll = random();
    const rating = story
      ? recent
        ? 1 + Math.floor(roll * 3) // 1-3 lately
        : 4 + Math.round(roll) // 4-5 before
      : roll < 0.55
        ? 5
        : roll < 0.85
          ? 4
          : roll < 0.95
            ? 3
            : 2;
    const pool = WORDS[rating]!;
    let body = pool[Math.floor(random() * pool.length)]!;
    let hidden: string | null = null;
    if (!hiddenDone && !story && rating >= 4 && random() < 0.2) {
      // One spam review per store, hidden by the owner with the reason kept.
      body = 'CHEAP PHONES!!! WhatsApp 0700 000 000 for wholesale prices, best deals in town';
      hidden = 'Spam: advertises another seller';
      hiddenDone = true;
    }
    const reply =
      !hidden && (rating <= 2 || random() < 0.15) ? REPLIES[rating <= 2 ? 2 : Math.floor(random() * 2)]! : null;
    rows.push({
      order_id: l.order_id,
      line: l.line,
      product_id: l.product_id,
      phone: l.phone,
      author: authorName(l.customer_name).slice(0, 60),
      rating,
      body,
      at: new Date(at).toISOString(),
      hidden,
      reply,
    });
  }
  if (rows.length === 0) return 0;
  const result = await sql<{ id: string }>`
    INSERT INTO reviews (tenant_id, order_id, line, product_id, phone, author_name, rating, body, created_at,
                         hidden_at, hidden_reason, reply_body, replied_at)
    SELECT ${tenantId}::uuid, order_id, line, product_id, phone, author, rating, body, at,
           CASE WHEN hidden IS NULL THEN NULL ELSE at + interval '3 hours' END, hidden,
           reply, CASE WHEN reply IS NULL THEN NULL ELSE at + interval '5 hours' END
      FROM unnest(${rows.map((r) => r.order_id)}::uuid[], ${rows.map((r) => r.line)}::int[], ${rows.map((r) => r.product_id)}::uuid[],
                  ${rows.map((r) => r.phone)}::text[], ${rows.map((r) => r.author)}::text[], ${rows.map((r) => r.rating)}::int[],
                  ${rows.map((r) => r.body)}::text[], ${rows.map((r) => r.at)}::timestamptz[], ${rows.map((r) => r.hidden)}::text[],
                  ${rows.map((r) => r.reply)}::text[])
        AS t(order_id, line, product_id, phone, author, rating, body, at, hidden, reply)
    ON CONFLICT (tenant_id, order_id, line) DO NOTHING
    RETURNING id`.execute(trx);
  return result.rows.length;
}
