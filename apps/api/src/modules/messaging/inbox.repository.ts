import { Injectable } from '@nestjs/common';
import { sql, type TenantTransaction } from '@sokoni/db';

export interface InboxRow {
  phone: string;
  last_body: string;
  last_at: Date;
  inbound: number;
  unread: number;
  order_number: number | null;
}

/** The inbox's SQL: shoppers who wrote in with this user's unread count, and the user's read marks. */
@Injectable()
export class InboxRepository {
  /**
   * One row per shopper who wrote in: their last words, how many of their messages this user has
   * not read (newer than the user's read mark, or all without one), their latest order. Unread
   * first, then newest first.
   */
  async conversations(trx: TenantTransaction, tenantId: string, userId: string, limit: number): Promise<InboxRow[]> {
    const { rows } = await sql<InboxRow>`
      SELECT * FROM (
        SELECT l.phone, l.body AS last_body, l.created_at AS last_at,
               (SELECT count(*)::int FROM messages i
                 WHERE i.tenant_id = ${tenantId} AND i.phone = l.phone AND i.direction = 'in') AS inbound,
               (SELECT count(*)::int FROM messages i
                 WHERE i.tenant_id = ${tenantId} AND i.phone = l.phone AND i.direction = 'in'
                   AND (r.read_at IS NULL OR i.created_at > r.read_at)) AS unread,
               (SELECT o.number FROM orders o WHERE o.tenant_id = ${tenantId} AND o.phone = l.phone
                 ORDER BY o.created_at DESC LIMIT 1) AS order_number
          FROM (SELECT DISTINCT ON (m.phone) m.phone, m.body, m.created_at
                  FROM messages m
                 WHERE m.tenant_id = ${tenantId} AND m.direction = 'in' AND m.phone IS NOT NULL
                 ORDER BY m.phone, m.created_at DESC) l
          LEFT JOIN conversation_reads r
            ON r.tenant_id = ${tenantId} AND r.user_id = ${userId} AND r.phone = l.phone
      ) c
      ORDER BY (c.unread > 0) DESC, c.last_at DESC
      LIMIT ${limit}`.execute(trx);
    return rows.map((r) => ({ ...r, order_number: r.order_number === null ? null : Number(r.order_number) }));
  }

  /** Moves the user's read mark to now (never back: two tabs opened out of order keep the later one). */
  async markRead(trx: TenantTransaction, tenantId: string, userId: string, phone: string): Promise<Date> {
    const row = await trx
      .insertInto('conversation_reads')
      .values({ tenant_id: tenantId, user_id: userId, phone, read_at: sql<Date>`now()` })
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'user_id', 'phone'])
          .doUpdateSet({ read_at: sql<Date>`greatest(conversation_reads.read_at, excluded.read_at)` }),
      )
      .returning('read_at')
      .executeTakeFirstOrThrow();
    return new Date(row.read_at);
  }

  /** Whether this store ever exchanged a message with the phone, or has an order from it. */
  async knows(trx: TenantTransaction, tenantId: string, phone: string): Promise<boolean> {
    const { rows } = await sql<{ known: boolean }>`
      SELECT EXISTS (SELECT 1 FROM messages WHERE tenant_id = ${tenantId} AND phone = ${phone})
          OR EXISTS (SELECT 1 FROM orders WHERE tenant_id = ${tenantId} AND phone = ${phone}) AS known`.execute(trx);
    return rows[0]?.known === true;
  }
}
