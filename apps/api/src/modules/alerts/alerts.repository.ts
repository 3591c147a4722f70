import { Inject, Injectable } from '@nestjs/common';
import { sql, type Database, type Kysely, type TenantTransaction } from '@sokoni/db';
import type { AlertChannel, AlertDeliveryStatus, AlertKind } from '@sokoni/db';
import { DB } from '../../platform/tokens';

/** A delivery's key: one event, one person, one channel. */
export interface DeliveryKey {
  eventId: string;
  userId: string;
  channel: AlertChannel;
}

/** A claim ('sending') older than this is from a worker that died mid-send: taken again. */
export const STALE_CLAIM = '2 minutes';

/**
 * The alerts module's SQL (alert_* tables, push_subscriptions); reads users, tenants, orders and
 * messaging settings for its read model. The raw DB is used only by `due` (SECURITY DEFINER sweep).
 */
@Injectable()
export class AlertsRepository {
  constructor(@Inject(DB) private readonly db: Kysely<Database>) {}

  /** Stores with alerts to fan out or send (app_alerts_due), each then handled in its own tenant. */
  async due(limit: number): Promise<string[]> {
    const { rows } = await sql<{ tenant_id: string }>`SELECT tenant_id FROM app_alerts_due(${limit})`.execute(this.db);
    return rows.map((r) => r.tenant_id);
  }

  storeSettings(trx: TenantTransaction, tenantId: string) {
    return trx
      .selectFrom('alert_settings')
      .select(['low_stock_threshold'])
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
  }

  async upsertStoreSettings(trx: TenantTransaction, tenantId: string, lowStockThreshold: number) {
    await trx
      .insertInto('alert_settings')
      .values({ tenant_id: tenantId, low_stock_threshold: lowStockThreshold })
      .onConflict((oc) =>
        oc.column('tenant_id').doUpdateSet({ low_stock_threshold: lowStockThreshold, updated_at: sql`now()` }),
      )
      .execute();
  }

  store(trx: TenantTransaction, tenantId: string) {
    return trx.selectFrom('tenants').select(['name', 'slug']).where('id', '=', tenantId).executeTakeFirstOrThrow();
  }

  whatsappNumberId(trx: TenantTransaction, tenantId: string) {
    return trx
      .selectFrom('messaging_settings')
      .select(['whatsapp_phone_number_id'])
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst()
      .then((r) => r?.whatsapp_phone_number_id ?? null);
  }

  /** Active owners and staff, with their alert settings (left join: none saved = defaults). */
  people(trx: TenantTransaction, tenantId: string, userId?: string) {
    let q = trx
      .selectFrom('users as u')
      .leftJoin('alert_recipients as r', (j) =>
        j.onRef('r.tenant_id', '=', 'u.tenant_id').onRef('r.user_id', '=', 'u.id'),
      )
      .select([
        'u.id',
        'u.role',
        'u.phone as account_phone',
        'u.email',
        'r.phone',
        'r.quiet_start_min',
        'r.quiet_end_min',
        'r.urgent_in_quiet',
      ])
      .where('u.tenant_id', '=', tenantId)
      .where('u.status', '=', 'active');
    if (userId) q = q.where('u.id', '=', userId);
    return q.orderBy('u.created_at').execute();
  }

  preferences(trx: TenantTransaction, tenantId: string, userId?: string) {
    let q = trx
      .selectFrom('alert_preferences')
      .select(['user_id', 'kind', 'channel', 'enabled'])
      .where('tenant_id', '=', tenantId);
    if (userId) q = q.where('user_id', '=', userId);
    return q.execute();
  }

  async saveRecipient(
    trx: TenantTransaction,
    row: {
      tenant_id: string;
      user_id: string;
      phone?: string | null;
      quiet_start_min?: number | null;
      quiet_end_min?: number | null;
      urgent_in_quiet?: boolean;
    },
  ) {
    const { tenant_id: _t, user_id: _u, ...changes } = row;
    await trx
      .insertInto('alert_recipients')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'user_id']).doUpdateSet({ ...changes, updated_at: sql<Date>`now()` }),
      )
      .execute();
  }

  async savePreferences(
    trx: TenantTransaction,
    tenantId: string,
    userId: string,
    prefs: { kind: AlertKind; channel: AlertChannel; enabled: boolean }[],
  ) {
    if (!prefs.length) return;
    await trx
      .insertInto('alert_preferences')
      .values(prefs.map((p) => ({ tenant_id: tenantId, user_id: userId, ...p })))
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'user_id', 'kind', 'channel']).doUpdateSet({ enabled: sql`excluded.enabled` }),
      )
      .execute();
  }

  /** Held alerts of a person are looked at again at the next sweep (their quiet hours changed). */
  async releaseHeld(trx: TenantTransaction, tenantId: string, userId: string) {
    await trx
      .updateTable('alert_deliveries')
      .set({ due_at: sql`now()` })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('status', '=', 'due')
      .where('held', '=', true)
      .execute();
  }

  /** Events not fanned out yet, locked so two sweeps never fan out the same one. */
  pendingEvents(trx: TenantTransaction, tenantId: string, limit: number) {
    return trx
      .selectFrom('alert_events')
      .select(['id', 'kind', 'facts', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .where('fanned_out_at', 'is', null)
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
  }

  /** The deliveries of fanned-out events: the primary key drops a second row for the same event, person and channel. */
  async fanOut(
    trx: TenantTransaction,
    tenantId: string,
    eventIds: string[],
    rows: { event_id: string; user_id: string; channel: AlertChannel }[],
  ) {
    if (rows.length)
      await trx
        .insertInto('alert_deliveries')
        .values(rows.map((r) => ({ tenant_id: tenantId, ...r })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    if (eventIds.length)
      await trx
        .updateTable('alert_events')
        .set({ fanned_out_at: sql`now()` })
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', eventIds)
        .execute();
  }

  /** Deliveries to send now: due ones, and claims a dead worker left behind. */
  dueDeliveries(trx: TenantTransaction, tenantId: string, limit: number) {
    return trx
      .selectFrom('alert_deliveries')
      .select(['event_id as eventId', 'user_id as userId', 'channel'])
      .where('tenant_id', '=', tenantId)
      .where('due_at', '<=', sql<Date>`now()`)
      .where((eb) =>
        eb.or([
          eb('status', '=', 'due'),
          eb.and([eb('status', '=', 'sending'), eb('claimed_at', '<', sql<Date>`now() - ${STALE_CLAIM}::interval`)]),
        ]),
      )
      .orderBy('due_at')
      .limit(limit)
      .execute();
  }

  /** Locks a delivery that is still sendable (another worker may have taken or finished it). */
  lockSendable(trx: TenantTransaction, tenantId: string, key: DeliveryKey) {
    return trx
      .selectFrom('alert_deliveries as d')
      .innerJoin('alert_events as e', (j) =>
        j.onRef('e.tenant_id', '=', 'd.tenant_id').onRef('e.id', '=', 'd.event_id'),
      )
      .select(['d.status', 'd.attempts', 'd.held', 'e.kind', 'e.facts', 'e.id as event_id'])
      .where('d.tenant_id', '=', tenantId)
      .where('d.event_id', '=', key.eventId)
      .where('d.user_id', '=', key.userId)
      .where('d.channel', '=', key.channel)
      .where('d.due_at', '<=', sql<Date>`now()`)
      .where((eb) =>
        eb.or([
          eb('d.status', '=', 'due'),
          eb.and([
            eb('d.status', '=', 'sending'),
            eb('d.claimed_at', '<', sql<Date>`now() - ${STALE_CLAIM}::interval`),
          ]),
        ]),
      )
      .forUpdate('d')
      .skipLocked()
      .executeTakeFirst();
  }

  async setDelivery(
    trx: TenantTransaction,
    tenantId: string,
    key: DeliveryKey,
    change: {
      status: AlertDeliveryStatus;
      detail?: string | null;
      due_at?: Date;
      held?: boolean;
      claim?: boolean;
    },
  ) {
    const { claim, ...rest } = change;
    await trx
      .updateTable('alert_deliveries')
      .set({
        ...rest,
        ...(claim ? { claimed_at: sql<Date>`now()`, attempts: sql<number>`attempts + 1` } : {}),
        ...(change.status === 'sent' ? { sent_at: sql<Date>`now()` } : {}),
      })
      .where('tenant_id', '=', tenantId)
      .where('event_id', '=', key.eventId)
      .where('user_id', '=', key.userId)
      .where('channel', '=', key.channel)
      .execute();
  }

  /** Low stock that a restock already fixed is not worth a held alert. */
  async stillLow(trx: TenantTransaction, tenantId: string, variantId: string): Promise<boolean> {
    const row = await trx
      .selectFrom('alert_low_stock')
      .select('variant_id')
      .where('tenant_id', '=', tenantId)
      .where('variant_id', '=', variantId)
      .executeTakeFirst();
    return Boolean(row);
  }

  async orderStatus(trx: TenantTransaction, tenantId: string, orderId: string): Promise<string | null> {
    const row = await trx
      .selectFrom('orders')
      .select('status')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', orderId)
      .executeTakeFirst();
    return row?.status ?? null;
  }

  recent(trx: TenantTransaction, tenantId: string, userId: string, limit: number) {
    return trx
      .selectFrom('alert_deliveries as d')
      .innerJoin('alert_events as e', (j) =>
        j.onRef('e.tenant_id', '=', 'd.tenant_id').onRef('e.id', '=', 'd.event_id'),
      )
      .select(['e.kind', 'd.channel', 'd.status', 'd.detail', 'd.held', 'd.updated_at'])
      .where('d.tenant_id', '=', tenantId)
      .where('d.user_id', '=', userId)
      .orderBy('d.created_at', 'desc')
      .limit(limit)
      .execute();
  }

  subscriptions(trx: TenantTransaction, tenantId: string, userId: string) {
    return trx
      .selectFrom('push_subscriptions')
      .select(['id', 'endpoint', 'p256dh', 'auth'])
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .execute();
  }

  /** A browser's subscription, for this person (a browser moved to another person's login is theirs now). */
  async saveSubscription(
    trx: TenantTransaction,
    row: {
      tenant_id: string;
      user_id: string;
      endpoint: string;
      p256dh: string;
      auth: string;
      user_agent: string | null;
    },
  ) {
    await trx
      .insertInto('push_subscriptions')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'endpoint'])
          .doUpdateSet({ user_id: row.user_id, p256dh: row.p256dh, auth: row.auth, user_agent: row.user_agent }),
      )
      .execute();
  }

  async deleteSubscription(
    trx: TenantTransaction,
    tenantId: string,
    where: { id?: string; endpoint?: string; userId?: string },
  ) {
    let q = trx.deleteFrom('push_subscriptions').where('tenant_id', '=', tenantId);
    if (where.id) q = q.where('id', '=', where.id);
    if (where.endpoint) q = q.where('endpoint', '=', where.endpoint);
    if (where.userId) q = q.where('user_id', '=', where.userId);
    const result = await q.executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async pushSucceeded(trx: TenantTransaction, tenantId: string, id: string) {
    await trx
      .updateTable('push_subscriptions')
      .set({ last_success_at: sql`now()` })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  }
}
