import { Injectable } from '@nestjs/common';
import { sql, type TenantTransaction } from '@sokoni/db';

/** A review row with what the storefront and the owner show next to it. */
export interface ReviewRow {
  id: string;
  order_id: string;
  order_number: number;
  line: number;
  product_slug: string;
  product_title: string;
  phone: string;
  author_name: string;
  rating: number;
  body: string;
  options: Record<string, string> | null;
  created_at: Date;
  /** created_at in microseconds since the epoch (exact keyset cursors). */
  micros: string;
  hidden_at: Date | null;
  hidden_reason: string | null;
  reply_body: string | null;
  replied_at: Date | null;
  reply_updated_at: Date | null;
}

/** One line of a delivered order of the shopper's, and its review when written. */
export interface ShopperLineRow {
  order_id: string;
  order_number: number;
  line: number;
  title: string;
  product_slug: string | null;
  product_title: string | null;
  delivered_at: Date | null;
  review_id: string | null;
  rating: number | null;
  body: string | null;
  created_at: Date | null;
  hidden_at: Date | null;
  reply_body: string | null;
  replied_at: Date | null;
}

/** The order line a shopper wants to review, with whose order it is and its state. */
export interface ReviewTarget {
  order_phone: string;
  order_status: string;
  customer_name: string;
  product_id: string | null;
  product_slug: string | null;
  line_exists: boolean;
}

export interface OwnerFilter {
  status: 'all' | 'visible' | 'hidden';
  rating?: number;
  product?: string;
}

export interface Cursor {
  micros: string;
  id: string;
}

const REVIEW_COLUMNS = sql`r.id, r.order_id, o.number AS order_number, r.line, p.slug AS product_slug, p.title AS product_title,
  r.phone, r.author_name, r.rating, r.body, i.options, r.created_at,
  (extract(epoch FROM r.created_at) * 1000000)::bigint::text AS micros,
  r.hidden_at, r.hidden_reason, r.reply_body, r.replied_at, r.reply_updated_at`;
const REVIEW_JOINS = sql`JOIN orders o ON o.tenant_id = r.tenant_id AND o.id = r.order_id
  JOIN order_items i ON i.tenant_id = r.tenant_id AND i.order_id = r.order_id AND i.line = r.line
  JOIN products p ON p.tenant_id = r.tenant_id AND p.id = r.product_id`;
const before = (cursor: Cursor | undefined) =>
  cursor
    ? sql`AND (r.created_at, r.id) < (timestamptz 'epoch' + ${cursor.micros}::bigint * interval '1 microsecond', ${cursor.id}::uuid)`
    : sql``;

/** The reviews table (this module's) and the order, product and store facts around it. */
@Injectable()
export class ReviewsRepository {
  /** The order line as the shopper may review it; null when the order is not this store's. */
  async target(trx: TenantTransaction, tenantId: string, orderId: string, line: number): Promise<ReviewTarget | null> {
    const result = await sql<ReviewTarget>`
      SELECT o.phone AS order_phone, o.status AS order_status, o.customer_name,
             v.product_id, p.slug AS product_slug, (i.line IS NOT NULL) AS line_exists
        FROM orders o
        LEFT JOIN order_items i ON i.tenant_id = o.tenant_id AND i.order_id = o.id AND i.line = ${line}
        LEFT JOIN product_variants v ON v.tenant_id = i.tenant_id AND v.id = i.variant_id
        LEFT JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
       WHERE o.tenant_id = ${tenantId} AND o.id = ${orderId}`.execute(trx);
    return result.rows[0] ?? null;
  }

  /** Inserts the review; false when the line already has one (UNIQUE (tenant_id, order_id, line)). */
  async insert(
    trx: TenantTransaction,
    row: {
      tenantId: string;
      orderId: string;
      line: number;
      productId: string;
      phone: string;
      authorName: string;
      rating: number;
      body: string;
    },
  ): Promise<boolean> {
    const result = await sql<{ id: string }>`
      INSERT INTO reviews (tenant_id, order_id, line, product_id, phone, author_name, rating, body)
      VALUES (${row.tenantId}, ${row.orderId}, ${row.line}, ${row.productId}, ${row.phone}, ${row.authorName}, ${row.rating}, ${row.body})
      ON CONFLICT (tenant_id, order_id, line) DO NOTHING
      RETURNING id`.execute(trx);
    return result.rows.length === 1;
  }

  /** The phone's delivered orders' lines (newest order first), with their reviews. */
  async shopperLines(
    trx: TenantTransaction,
    tenantId: string,
    phone: string,
    orderId: string | undefined,
    maxOrders: number,
  ): Promise<ShopperLineRow[]> {
    const result = await sql<ShopperLineRow>`
      WITH mine AS (
        SELECT o.id, o.number, o.created_at FROM orders o
         WHERE o.tenant_id = ${tenantId} AND o.phone = ${phone} AND o.status = 'delivered'
           ${orderId ? sql`AND o.id = ${orderId}` : sql``}
         ORDER BY o.created_at DESC LIMIT ${maxOrders})
      SELECT m.id AS order_id, m.number AS order_number, i.line, i.title, p.slug AS product_slug, p.title AS product_title,
             (SELECT max(e.at) FROM order_events e WHERE e.tenant_id = ${tenantId} AND e.order_id = m.id AND e.to_status = 'delivered') AS delivered_at,
             r.id AS review_id, r.rating, r.body, r.created_at, r.hidden_at, r.reply_body, r.replied_at
        FROM mine m
        JOIN order_items i ON i.tenant_id = ${tenantId} AND i.order_id = m.id
        LEFT JOIN product_variants v ON v.tenant_id = i.tenant_id AND v.id = i.variant_id
        LEFT JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
        LEFT JOIN reviews r ON r.tenant_id = i.tenant_id AND r.order_id = i.order_id AND r.line = i.line
       ORDER BY m.created_at DESC, i.line`.execute(trx);
    return result.rows;
  }

  /** An active product's id by slug (the storefront's reviews of it), or null. */
  async activeProductId(trx: TenantTransaction, tenantId: string, slug: string): Promise<string | null> {
    const result = await sql<{ id: string }>`
      SELECT id FROM products WHERE tenant_id = ${tenantId} AND slug = ${slug} AND status = 'active'`.execute(trx);
    return result.rows[0]?.id ?? null;
  }

  /** Visible reviews of a product: how many per star. */
  async starCounts(trx: TenantTransaction, tenantId: string, productId: string): Promise<Map<number, number>> {
    const result = await sql<{ rating: number; n: string }>`
      SELECT rating, count(*) AS n FROM reviews
       WHERE tenant_id = ${tenantId} AND product_id = ${productId} AND hidden_at IS NULL
       GROUP BY rating`.execute(trx);
    return new Map(result.rows.map((r) => [Number(r.rating), Number(r.n)]));
  }

  /** The newest visible reviews of a product, after the cursor. */
  async newest(
    trx: TenantTransaction,
    tenantId: string,
    productId: string,
    limit: number,
    cursor: Cursor | undefined,
  ): Promise<ReviewRow[]> {
    const result = await sql<ReviewRow>`
      SELECT ${REVIEW_COLUMNS} FROM reviews r ${REVIEW_JOINS}
       WHERE r.tenant_id = ${tenantId} AND r.product_id = ${productId} AND r.hidden_at IS NULL ${before(cursor)}
       ORDER BY r.created_at DESC, r.id DESC LIMIT ${limit}`.execute(trx);
    return result.rows;
  }

  /** The owner's list, newest first, filtered. */
  async list(
    trx: TenantTransaction,
    tenantId: string,
    filter: OwnerFilter,
    limit: number,
    cursor: Cursor | undefined,
  ): Promise<ReviewRow[]> {
    const result = await sql<ReviewRow>`
      SELECT ${REVIEW_COLUMNS} FROM reviews r ${REVIEW_JOINS}
       WHERE r.tenant_id = ${tenantId}
         ${filter.status === 'visible' ? sql`AND r.hidden_at IS NULL` : filter.status === 'hidden' ? sql`AND r.hidden_at IS NOT NULL` : sql``}
         ${filter.rating ? sql`AND r.rating = ${filter.rating}` : sql``}
         ${filter.product ? sql`AND p.slug = ${filter.product}` : sql``}
         ${before(cursor)}
       ORDER BY r.created_at DESC, r.id DESC LIMIT ${limit}`.execute(trx);
    return result.rows;
  }

  /** The store's totals for the owner's page header. */
  async totals(
    trx: TenantTransaction,
    tenantId: string,
  ): Promise<{ count: number; average: number | null; hidden: number }> {
    const result = await sql<{ visible: string; average: string | null; hidden: string }>`
      SELECT count(*) FILTER (WHERE hidden_at IS NULL) AS visible,
             avg(rating) FILTER (WHERE hidden_at IS NULL) AS average,
             count(*) FILTER (WHERE hidden_at IS NOT NULL) AS hidden
        FROM reviews WHERE tenant_id = ${tenantId}`.execute(trx);
    const row = result.rows[0];
    return {
      count: Number(row?.visible ?? 0),
      average: row?.average == null ? null : Math.round(Number(row.average) * 10) / 10,
      hidden: Number(row?.hidden ?? 0),
    };
  }

  /** One review, locked for the owner's change; null when not this store's. */
  async lock(trx: TenantTransaction, tenantId: string, id: string): Promise<ReviewRow | null> {
    const result = await sql<ReviewRow>`
      SELECT ${REVIEW_COLUMNS} FROM reviews r ${REVIEW_JOINS}
       WHERE r.tenant_id = ${tenantId} AND r.id = ${id}
       FOR UPDATE OF r`.execute(trx);
    return result.rows[0] ?? null;
  }

  async setReply(
    trx: TenantTransaction,
    tenantId: string,
    id: string,
    body: string,
    userId: string | null,
  ): Promise<void> {
    await sql`
      UPDATE reviews SET reply_body = ${body}, reply_by = ${userId},
             reply_updated_at = CASE WHEN replied_at IS NULL THEN NULL ELSE now() END,
             replied_at = coalesce(replied_at, now())
       WHERE tenant_id = ${tenantId} AND id = ${id}`.execute(trx);
  }

  async setHidden(
    trx: TenantTransaction,
    tenantId: string,
    id: string,
    hidden: { reason: string; userId: string | null } | null,
  ): Promise<void> {
    await sql`
      UPDATE reviews SET hidden_at = ${hidden ? sql`now()` : null}, hidden_reason = ${hidden?.reason ?? null},
             hidden_by = ${hidden?.userId ?? null}
       WHERE tenant_id = ${tenantId} AND id = ${id}`.execute(trx);
  }

  /** The store's slug (revalidation tags). */
  async storeSlug(trx: TenantTransaction, tenantId: string): Promise<string> {
    const result = await sql<{ slug: string }>`SELECT slug FROM tenants WHERE id = ${tenantId}`.execute(trx);
    return result.rows[0]!.slug;
  }
}
