import { Injectable } from '@nestjs/common';
import { sql, type Database, type Kysely, type TenantTransaction } from '@sokoni/db';
import type { Insertable, Updateable } from 'kysely';
import type { MessagesTable, MessagingSettingsTable } from '@sokoni/db';
import { insertWebhookDelivery, type ReceivedBody } from '../../platform/raw-body';
import { settledPaymentOf } from '../payments/payments.repository';

export type MessageRow = NonNullable<Awaited<ReturnType<MessagingRepository['messageById']>>>;
export type MessagingSettingsRow = NonNullable<Awaited<ReturnType<MessagingRepository['settings']>>>;

/** The messaging module's SQL: settings, messages and their statuses, preferences, nudges, the outbox. */
@Injectable()
export class MessagingRepository {
  settings(trx: TenantTransaction) {
    return trx.selectFrom('messaging_settings').selectAll().executeTakeFirst();
  }

  async upsertSettings(trx: TenantTransaction, row: Insertable<MessagingSettingsTable>) {
    const { tenant_id: _t, ...changes } = row;
    await trx
      .insertInto('messaging_settings')
      .values(row)
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(changes))
      .execute();
  }

  /** A new store's settings row (English; everything else the column defaults). */
  async insertDefaultSettings(trx: TenantTransaction, tenantId: string) {
    await trx.insertInto('messaging_settings').values({ tenant_id: tenantId, language: 'en' }).execute();
  }

  /** Name and WhatsApp number of the store, and where its owners read email. */
  async store(trx: TenantTransaction) {
    const tenant = await trx
      .selectFrom('tenants')
      .select(['id', 'slug', 'name', 'whatsapp_number'])
      .executeTakeFirstOrThrow();
    const owners = await trx
      .selectFrom('users')
      .select(['email'])
      .where('role', '=', 'owner')
      .where('status', '=', 'active')
      .where('email', 'is not', null)
      .execute();
    return { ...tenant, ownerEmails: owners.map((o) => String(o.email)) };
  }

  /** A WhatsApp webhook delivery as received, before it is read (platform table, insert only). */
  recordWebhookDelivery(
    db: Kysely<Database>,
    row: { received: ReceivedBody; authenticated: boolean; flagReason: string | null; correlationId: string | null },
  ): Promise<void> {
    return insertWebhookDelivery(db, { source: 'whatsapp', pathHint: null, ...row });
  }

  async tenantForPhoneNumberId(db: Kysely<Database>, phoneNumberId: string): Promise<string | null> {
    const { rows } = await sql<{ t: string | null }>`SELECT app_whatsapp_tenant(${phoneNumberId}) AS t`.execute(db);
    return rows[0]?.t ?? null;
  }

  async tenantForProviderMessage(db: Kysely<Database>, channel: string, providerId: string): Promise<string | null> {
    const { rows } = await sql<{ t: string | null }>`SELECT app_message_tenant(${channel}, ${providerId}) AS t`.execute(
      db,
    );
    return rows[0]?.t ?? null;
  }

  // Outbox ------------------------------------------------------------------------------------

  lockNotification(trx: TenantTransaction, orderId: string, kind: string) {
    return trx
      .selectFrom('order_notifications')
      .selectAll()
      .where('order_id', '=', orderId)
      .where('kind', '=', kind)
      .forUpdate()
      .executeTakeFirst();
  }

  async setNotification(
    trx: TenantTransaction,
    orderId: string,
    kind: string,
    status: 'queued' | 'sending' | 'sent' | 'failed' | 'skipped',
    detail: string | null,
    countAttempt = false,
  ) {
    await trx
      .updateTable('order_notifications')
      .set((eb) => ({ status, detail, ...(countAttempt ? { attempts: eb('attempts', '+', 1) } : {}) }))
      .where('order_id', '=', orderId)
      .where('kind', '=', kind)
      .execute();
  }

  /** The order's "paid" message went out without the M-Pesa receipt: the receipt message is owed. */
  async markReceiptToFollow(trx: TenantTransaction, orderId: string) {
    await trx
      .updateTable('order_notifications')
      .set({ data: sql`data || '{"receiptToFollow": true}'::jsonb` })
      .where('order_id', '=', orderId)
      .where('kind', '=', 'order_paid')
      .execute();
  }

  async notificationsDue(db: Kysely<Database>, staleSeconds: number, limit: number) {
    const { rows } = await sql<{ tenant_id: string; order_id: string; kind: string }>`
      SELECT tenant_id, order_id, kind FROM app_notifications_due(make_interval(secs => ${staleSeconds}), ${limit})`.execute(
      db,
    );
    return rows;
  }

  /** The M-Pesa receipt of the payment that paid the order (read model over payments), or null. */
  async receiptOfPaidOrder(trx: TenantTransaction, orderId: string): Promise<string | null> {
    return (await settledPaymentOf(trx, orderId))?.receipt_number ?? null;
  }

  // Messages ----------------------------------------------------------------------------------

  async insertMessage(trx: TenantTransaction, row: Insertable<MessagesTable>): Promise<string | null> {
    const inserted = await trx
      .insertInto('messages')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['channel', 'provider_message_id']).where('provider_message_id', 'is not', null).doNothing(),
      )
      .returning('id')
      .executeTakeFirst();
    return inserted?.id ?? null;
  }

  messageById(trx: TenantTransaction, id: string) {
    return trx.selectFrom('messages').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  messageByProviderId(trx: TenantTransaction, channel: 'whatsapp' | 'sms' | 'email', providerId: string) {
    return trx
      .selectFrom('messages')
      .selectAll()
      .where('channel', '=', channel)
      .where('provider_message_id', '=', providerId)
      .forUpdate()
      .executeTakeFirst();
  }

  async updateMessage(trx: TenantTransaction, id: string, changes: Updateable<MessagesTable>) {
    await trx.updateTable('messages').set(changes).where('id', '=', id).execute();
  }

  /** False when this status was already recorded for the message (a redelivered webhook). */
  async recordStatus(
    trx: TenantTransaction,
    row: {
      tenant_id: string;
      message_id: string;
      status: 'sent' | 'delivered' | 'read' | 'failed';
      occurred_at: Date;
      error_code: string | null;
    },
  ): Promise<boolean> {
    const inserted = await trx
      .insertInto('message_status_events')
      .values(row)
      .onConflict((oc) => oc.columns(['tenant_id', 'message_id', 'status']).doNothing())
      .returning('status')
      .executeTakeFirst();
    return Boolean(inserted);
  }

  async lastInboundAt(trx: TenantTransaction, phone: string): Promise<Date | null> {
    const row = await trx
      .selectFrom('messages')
      .select('created_at')
      .where('phone', '=', phone)
      .where('direction', '=', 'in')
      .where('channel', '=', 'whatsapp')
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? new Date(row.created_at) : null;
  }

  fallbackOf(trx: TenantTransaction, messageId: string) {
    return trx.selectFrom('messages').select('id').where('fallback_of', '=', messageId).executeTakeFirst();
  }

  conversation(trx: TenantTransaction, phone: string, limit: number) {
    return trx
      .selectFrom('messages')
      .selectAll()
      .where('phone', '=', phone)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  }

  /** The shopper's latest order at this store, to file an inbound message under. */
  async latestOrderOf(trx: TenantTransaction, phone: string) {
    return trx
      .selectFrom('orders')
      .select(['id', 'number'])
      .where('phone', '=', phone)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  // Preferences and nudges --------------------------------------------------------------------

  preferences(trx: TenantTransaction, phone: string) {
    return trx.selectFrom('shopper_preferences').selectAll().where('phone', '=', phone).executeTakeFirst();
  }

  async setOptOut(trx: TenantTransaction, tenantId: string, phone: string, optedOut: boolean) {
    await trx
      .insertInto('shopper_preferences')
      .values({ tenant_id: tenantId, phone, opted_out: optedOut })
      .onConflict((oc) => oc.columns(['tenant_id', 'phone']).doUpdateSet({ opted_out: optedOut }))
      .execute();
  }

  /** True the first time for this cart: at most one reminder per cart, ever. */
  async claimNudge(
    trx: TenantTransaction,
    tenantId: string,
    cartId: string,
    phone: string,
    outcome: string,
  ): Promise<boolean> {
    const row = await trx
      .insertInto('cart_nudges')
      .values({ tenant_id: tenantId, cart_id: cartId, phone, outcome })
      .onConflict((oc) => oc.columns(['tenant_id', 'cart_id']).doNothing())
      .returning('cart_id')
      .executeTakeFirst();
    return Boolean(row);
  }

  async setNudge(trx: TenantTransaction, cartId: string, outcome: string, messageId: string | null) {
    await trx
      .updateTable('cart_nudges')
      .set({ outcome, message_id: messageId })
      .where('cart_id', '=', cartId)
      .execute();
  }
}
