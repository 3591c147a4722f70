import { Injectable } from '@nestjs/common';
import type { Database, DeliveryMethod, DeliveryStatus, Kysely, TenantTransaction } from '@sokoni/db';
import { insertWebhookDelivery, type ReceivedBody } from '../../platform/raw-body';

export type DeliveryRow = NonNullable<Awaited<ReturnType<DeliveriesRepository['byId']>>>;
export type DeliveryEventSource = 'staff' | 'partner_webhook' | 'partner_poll' | 'system';

export interface NewDelivery {
  tenant_id: string;
  order_id: string;
  method: DeliveryMethod;
  rider_name?: string | null;
  rider_phone?: string | null;
  partner?: string | null;
  partner_reference?: string | null;
  partner_parcel_id?: string | null;
  agent_id?: string | null;
  agent_name?: string | null;
  agent_landmark?: string | null;
  note?: string | null;
  created_by: string | null;
}

export interface NewDeliveryEvent {
  tenant_id: string;
  delivery_id: string;
  status: DeliveryStatus;
  source: DeliveryEventSource;
  actor_id: string | null;
  note?: string | null;
  data?: Record<string, unknown>;
  occurred_at?: Date;
}

/** Deliveries SQL; always inside the caller's tenant transaction (RLS scopes every statement). */
@Injectable()
export class DeliveriesRepository {
  /** A partner webhook as received, before it is read (platform table, insert only). */
  recordWebhookDelivery(
    db: Kysely<Database>,
    row: {
      pathHint: string;
      received: ReceivedBody;
      authenticated: boolean;
      flagReason: string | null;
      correlationId: string | null;
    },
  ): Promise<void> {
    return insertWebhookDelivery(db, { source: 'delivery_partner', ...row });
  }

  async insert(trx: TenantTransaction, row: NewDelivery): Promise<string> {
    return (await trx.insertInto('deliveries').values(row).returning('id').executeTakeFirstOrThrow()).id;
  }

  async byId(trx: TenantTransaction, id: string) {
    return trx.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Every delivery of an order, newest first. */
  async forOrder(trx: TenantTransaction, orderId: string) {
    return trx
      .selectFrom('deliveries')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
  }

  async countForOrder(trx: TenantTransaction, orderId: string): Promise<number> {
    const row = await trx
      .selectFrom('deliveries')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The order's live delivery (not failed or cancelled), locked for this transaction. */
  async lockLiveForOrder(trx: TenantTransaction, orderId: string) {
    return trx
      .selectFrom('deliveries')
      .selectAll()
      .where('order_id', '=', orderId)
      .where('status', 'not in', ['failed', 'cancelled'])
      .forUpdate()
      .executeTakeFirst();
  }

  /** The delivery holding a partner's parcel; locked for this transaction when lock is true. */
  async lockByParcel(trx: TenantTransaction, partner: string, parcelId: string, lock: boolean) {
    const query = trx
      .selectFrom('deliveries')
      .selectAll()
      .where('partner', '=', partner)
      .where('partner_parcel_id', '=', parcelId);
    return (lock ? query.forUpdate() : query).executeTakeFirst();
  }

  async setStatus(trx: TenantTransaction, id: string, status: DeliveryStatus, at: Date): Promise<void> {
    await trx
      .updateTable('deliveries')
      .set({ status, ...(status === 'delivered' ? { delivered_at: at } : {}) })
      .where('id', '=', id)
      .execute();
  }

  /** Appends a trail entry; false when this delivery already has one for that status (a replay). */
  async appendEvent(trx: TenantTransaction, row: NewDeliveryEvent): Promise<boolean> {
    const inserted = await trx
      .insertInto('delivery_events')
      .values({
        ...row,
        note: row.note ?? null,
        data: JSON.stringify(row.data ?? {}),
        ...(row.occurred_at ? { occurred_at: row.occurred_at } : {}),
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'delivery_id', 'status']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async events(trx: TenantTransaction, deliveryIds: string[]) {
    if (deliveryIds.length === 0) return [];
    return trx
      .selectFrom('delivery_events')
      .select(['delivery_id', 'status', 'source', 'note', 'occurred_at', 'recorded_at'])
      .where('delivery_id', 'in', deliveryIds)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();
  }
}
