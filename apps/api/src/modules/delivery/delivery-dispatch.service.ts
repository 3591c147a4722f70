import { Inject, Injectable } from '@nestjs/common';
import { DISPATCHABLE_ORDER_STATUSES, type Delivery, type DispatchOrder, type Order } from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { OrdersService, type Actor, type OrderRow } from '../orders/orders.service';
import { TenancyService } from '../tenancy/tenancy.service';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveriesService, words } from './deliveries.service';
import { PartnerParcelBooking } from './partner-parcel-booking';
import { DELIVERY_PARTNER, type DeliveryPartner } from './partner/delivery-partner';
import type { RequestContext } from '../../platform/request-context';

/** Orders in these statuses may be dispatched (a paid order is packed on the way out). */
const DISPATCHABLE = [...DISPATCHABLE_ORDER_STATUSES];

/**
 * Dispatch: an order handed to a rider or booked as a partner parcel. The delivery record and
 * the order's move to dispatched commit together (OrdersService.transitionWithin, same transaction).
 */
@Injectable()
export class DeliveryDispatchService {
  constructor(
    private readonly repository: DeliveriesRepository,
    private readonly deliveries: DeliveriesService,
    private readonly orders: OrdersService,
    private readonly tenancy: TenancyService,
    private readonly parcels: PartnerParcelBooking,
    private readonly tenantDb: TenantDb,
    @Inject(DELIVERY_PARTNER) private readonly partner: DeliveryPartner,
  ) {}

  /**
   * Hands an order to a rider or a partner agent point: the delivery record and the order's move
   * to dispatched commit together. A paid order is moved to packed first (two timeline entries):
   * small shops pack and hand over in one go, and making them press "packed" first only adds a
   * step. An order whose last delivery failed or was cancelled may be dispatched again.
   */
  async dispatch(
    ctx: RequestContext,
    orderNumber: number,
    input: DispatchOrder,
  ): Promise<{ order: Order; delivery: Delivery }> {
    const actor: Actor = { type: 'user', id: ctx.owner.userId };
    if (input.method === 'manual_rider') {
      return this.tenantDb.run(ctx, async (trx) => {
        const order = await this.orders.lockWithin(trx, { number: orderNumber });
        await this.assertDispatchable(trx, order);
        const deliveryId = await this.insertDelivery(
          trx,
          {
            tenant_id: ctx.tenantId,
            order_id: order.id,
            method: 'manual_rider',
            rider_name: input.riderName,
            rider_phone: input.riderPhone,
            note: input.note ?? null,
            created_by: ctx.owner.userId,
          },
          ctx.owner.userId,
          input.note ?? null,
          {},
        );
        const updated = await this.orderDispatched(trx, ctx, order, actor, {
          deliveryId,
          method: input.method,
          riderName: input.riderName,
        });
        return { order: updated, delivery: await this.deliveries.viewWithin(trx, deliveryId, order.number) };
      });
    }

    // Partner parcel: checked first, booked at the partner outside any transaction (a slow
    // partner must not hold the order's row lock), then recorded. The booking reference is
    // derived from the order and attempt, so a double click books one parcel, not two.
    const store = await this.tenancy.storeOf(ctx);
    const { order, attempt } = await this.tenantDb.run(ctx, async (trx) => {
      const found = await this.orders.findWithin(trx, orderNumber);
      await this.assertDispatchable(trx, found);
      return { order: found, attempt: (await this.repository.countForOrder(trx, found.id)) + 1 };
    });
    const { agent, reference, parcelId } = await this.parcels.book(store, order, attempt, input.agentId);
    try {
      return await this.tenantDb.run(ctx, async (trx) => {
        const locked = await this.orders.lockWithin(trx, { id: order.id });
        await this.assertDispatchable(trx, locked);
        const deliveryId = await this.insertDelivery(
          trx,
          {
            tenant_id: ctx.tenantId,
            order_id: order.id,
            method: 'partner_pickup',
            partner: this.partner.name,
            partner_reference: reference,
            partner_parcel_id: parcelId,
            agent_id: agent.id,
            agent_name: agent.name,
            agent_landmark: agent.landmark,
            note: input.note ?? null,
            created_by: ctx.owner.userId,
          },
          ctx.owner.userId,
          input.note ?? null,
          { parcelId, agentId: agent.id },
        );
        const updated = await this.orderDispatched(trx, ctx, locked, actor, {
          deliveryId,
          method: input.method,
          parcelId,
          agentId: agent.id,
          agentName: agent.name,
        });
        return { order: updated, delivery: await this.deliveries.viewWithin(trx, deliveryId, order.number) };
      });
    } catch (error) {
      await this.parcels.releaseUnrecorded(ctx, parcelId);
      throw error;
    }
  }

  /** 409 unless the order may be dispatched now (paid/packed, or dispatched with no live delivery). */
  private async assertDispatchable(trx: TenantTransaction, order: OrderRow): Promise<void> {
    const live = await this.repository.lockLiveForOrder(trx, order.id);
    if (live) {
      throw new ApiError(
        409,
        'conflict',
        `Order #${order.number} is already on its way (${live.method === 'manual_rider' ? `rider ${live.rider_name}` : `parcel ${live.partner_parcel_id}`})`,
        {
          reason: 'already_dispatched',
          deliveryStatus: live.status,
        },
      );
    }
    if (order.status === 'dispatched') return;
    if (!(DISPATCHABLE as readonly string[]).includes(order.status)) {
      throw new ApiError(
        409,
        'conflict',
        `An order that is ${words(order.status)} cannot be dispatched: only paid or packed orders can`,
        {
          reason: 'not_dispatchable',
          status: order.status,
          allowed: DISPATCHABLE,
        },
      );
    }
  }

  private async insertDelivery(
    trx: TenantTransaction,
    row: Parameters<DeliveriesRepository['insert']>[1],
    actorId: string,
    note: string | null,
    data: Record<string, unknown>,
  ): Promise<string> {
    let id: string;
    try {
      id = await this.repository.insert(trx, row);
    } catch (error) {
      const e = error as { code?: string; constraint?: string };
      if (e.code === '23505' && e.constraint === 'deliveries_one_live_per_order') {
        throw new ApiError(409, 'conflict', 'This order was just dispatched by someone else', {
          reason: 'already_dispatched',
        });
      }
      throw error;
    }
    await this.repository.appendEvent(trx, {
      tenant_id: row.tenant_id,
      delivery_id: id,
      status: 'assigned',
      source: 'staff',
      actor_id: actorId,
      note,
      data,
    });
    return id;
  }

  /** paid -> packed -> dispatched, or packed -> dispatched; a re-dispatch leaves the order as it is. */
  private async orderDispatched(
    trx: TenantTransaction,
    ctx: RequestContext,
    order: OrderRow,
    actor: Actor,
    data: Record<string, unknown>,
  ): Promise<Order> {
    if (order.status === 'dispatched') return this.orders.getWithin(trx, order.id);
    if (order.status === 'paid')
      await this.orders.transitionWithin(trx, ctx, order.id, 'packed', actor, { packedOnDispatch: true });
    return this.orders.transitionWithin(trx, ctx, order.id, 'dispatched', actor, data);
  }
}
