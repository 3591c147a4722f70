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
type DeliveryInsert = Parameters<DeliveriesRepository['insert']>[1];
/** A delivery row's method-specific columns (rider, or partner parcel and agent point). */
type DeliveryColumns = Omit<DeliveryInsert, 'tenant_id' | 'order_id' | 'note' | 'created_by'>;

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
    if (input.method === 'manual_rider') {
      return this.recordDispatch(
        ctx,
        { number: orderNumber },
        input.note ?? null,
        { method: 'manual_rider', rider_name: input.riderName, rider_phone: input.riderPhone },
        {},
        { method: input.method, riderName: input.riderName },
      );
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
      return await this.recordDispatch(
        ctx,
        { id: order.id },
        input.note ?? null,
        {
          method: 'partner_pickup',
          partner: this.partner.name,
          partner_reference: reference,
          partner_parcel_id: parcelId,
          agent_id: agent.id,
          agent_name: agent.name,
          agent_landmark: agent.landmark,
        },
        { parcelId, agentId: agent.id },
        { method: input.method, parcelId, agentId: agent.id, agentName: agent.name },
      );
    } catch (error) {
      await this.parcels.releaseUnrecorded(ctx, parcelId);
      throw error;
    }
  }

  /**
   * One transaction: the order locked and checked again, its delivery recorded (insertDelivery),
   * the order moved to dispatched (with `orderData` and the delivery's id on its timeline).
   */
  private recordDispatch(
    ctx: RequestContext,
    which: Parameters<OrdersService['lockWithin']>[1],
    note: string | null,
    method: DeliveryColumns,
    eventData: Record<string, unknown>,
    orderData: Record<string, unknown>,
  ): Promise<{ order: Order; delivery: Delivery }> {
    const actor: Actor = { type: 'user', id: ctx.owner.userId };
    return this.tenantDb.run(ctx, async (trx) => {
      const order = await this.orders.lockWithin(trx, which);
      await this.assertDispatchable(trx, order);
      const deliveryId = await this.insertDelivery(trx, ctx, order.id, note, method, eventData);
      const updated = await this.orderDispatched(trx, ctx, order, actor, { deliveryId, ...orderData });
      return { order: updated, delivery: await this.deliveries.viewWithin(trx, deliveryId, order.number) };
    });
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

  /**
   * The delivery row (method-specific columns from the caller; store, order, note and who
   * dispatched it filled in here) and its first event, `assigned` by that staff member.
   */
  private async insertDelivery(
    trx: TenantTransaction,
    ctx: RequestContext,
    orderId: string,
    note: string | null,
    method: DeliveryColumns,
    data: Record<string, unknown>,
  ): Promise<string> {
    const row: DeliveryInsert = {
      tenant_id: ctx.tenantId,
      order_id: orderId,
      ...method,
      note,
      created_by: ctx.owner.userId,
    };
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
      actor_id: ctx.owner.userId,
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
