import { Injectable } from '@nestjs/common';
import type { Delivery, OrderDeliveries } from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import { TenantDb } from '../../platform/tenant-db';
import { OrdersService } from '../orders/orders.service';
import { DeliveriesRepository, type DeliveryRow } from './deliveries.repository';
import type { RequestContext } from '../../platform/request-context';

/** A parcel status change as recorded: new, already known, or older than what the delivery shows. */
export type UpdateOutcome = 'applied' | 'duplicate' | 'late';
export type StaffPrincipal = { tenantId: string; userId: string };

/** "in_transit" -> "in transit", for messages. */
export function words(status: string): string {
  return status.replace(/_/g, ' ');
}

/**
 * Deliveries: the record of how a dispatched order travels and what happened to it, as the
 * owner reads it. Dispatch is DeliveryDispatchService, status changes (staff, partner poll)
 * DeliveryUpdatesService, the partner's webhook DeliveryWebhookService.
 */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly repository: DeliveriesRepository,
    private readonly orders: OrdersService,
    private readonly tenantDb: TenantDb,
  ) {}

  /** The order's live (or latest) delivery with its trail, and earlier attempts. */
  async forOrder(ctx: RequestContext, orderNumber: number): Promise<OrderDeliveries> {
    return this.tenantDb.run(ctx, async (trx) => {
      const order = await this.orders.findWithin(trx, orderNumber);
      const rows = await this.repository.forOrder(trx, order.id);
      const views = await this.viewsWithin(trx, rows, order.number);
      return { delivery: views[0] ?? null, previous: views.slice(1) };
    });
  }

  /** One delivery with its trail, read in the caller's tenant transaction. */
  async viewWithin(trx: TenantTransaction, deliveryId: string, orderNumber: number): Promise<Delivery> {
    const row = (await this.repository.byId(trx, deliveryId))!;
    return (await this.viewsWithin(trx, [row], orderNumber))[0]!;
  }

  async viewsWithin(trx: TenantTransaction, rows: DeliveryRow[], orderNumber: number): Promise<Delivery[]> {
    const events = await this.repository.events(
      trx,
      rows.map((r) => r.id),
    );
    return rows.map((row) => ({
      id: row.id,
      orderNumber,
      method: row.method,
      status: row.status,
      rider: row.method === 'manual_rider' ? { name: row.rider_name!, phone: row.rider_phone! } : null,
      partner:
        row.method === 'partner_pickup'
          ? {
              name: row.partner!,
              parcelId: row.partner_parcel_id!,
              agent: { id: row.agent_id!, name: row.agent_name, landmark: row.agent_landmark },
            }
          : null,
      note: row.note,
      deliveredAt: row.delivered_at ? new Date(row.delivered_at).toISOString() : null,
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
      events: events
        .filter((e) => e.delivery_id === row.id)
        .map((e) => ({
          status: e.status,
          source: e.source,
          note: e.note,
          occurredAt: new Date(e.occurred_at).toISOString(),
          recordedAt: new Date(e.recorded_at).toISOString(),
        })),
    }));
  }
}
