import { Inject, Injectable } from '@nestjs/common';
import type { Delivery, DeliveryStatus, DeliveryStatusUpdate, Order, OrderDeliveries } from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import type { Logger } from 'pino';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { LOGGER } from '../../platform/tokens';
import { assertOrderTransition, awaitsCollection, canTransition, paymentStateOf } from '../orders/order-status';
import { OrdersService, type Actor } from '../orders/orders.service';
import { DeliveriesRepository, type DeliveryEventSource, type DeliveryRow } from './deliveries.repository';
import { DeliveriesService, words, type UpdateOutcome } from './deliveries.service';
import { allowedFrom, canAdvance } from './delivery-status';
import { partnerFailure } from './partner-failure';
import { DELIVERY_PARTNER, type DeliveryPartner, type ParcelUpdate } from './partner/delivery-partner';
import type { RequestContext } from '../../platform/request-context';

/**
 * A delivery's status changes after dispatch: staff record them by hand, the partner reports
 * them (webhook or poll). Each is recorded once in the trail; where it follows, the order moves
 * too (through OrdersService, in the same transaction).
 */
@Injectable()
export class DeliveryUpdatesService {
  constructor(
    private readonly repository: DeliveriesRepository,
    private readonly deliveries: DeliveriesService,
    private readonly orders: OrdersService,
    private readonly tenantDb: TenantDb,
    @Inject(DELIVERY_PARTNER) private readonly partner: DeliveryPartner,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Staff record what happened by hand. A rider's delivery moves any way the lifecycle allows; a
   * partner parcel moves by the partner's updates, so staff may only confirm it was collected or
   * cancel it (which the partner allows only before drop-off).
   */
  async updateByStaff(
    ctx: RequestContext,
    orderNumber: number,
    update: DeliveryStatusUpdate,
  ): Promise<{ order: Order; delivery: Delivery }> {
    const current = await this.tenantDb.run(ctx, async (trx) => {
      const order = await this.orders.findWithin(trx, orderNumber);
      const live = (await this.repository.forOrder(trx, order.id)).find(
        (d) => !['failed', 'cancelled'].includes(d.status),
      );
      return { order, live };
    });
    const live = current.live;
    if (!live)
      throw new ApiError(409, 'conflict', `Order #${orderNumber} has no delivery in progress: dispatch it first`, {
        reason: 'not_dispatched',
      });
    if (live.method === 'partner_pickup' && !['delivered', 'cancelled'].includes(update.status)) {
      throw new ApiError(
        409,
        'conflict',
        "A partner parcel moves by the partner's updates: you can only confirm it was collected or cancel it",
        { reason: 'partner_managed', allowed: ['delivered', 'cancelled'] },
      );
    }
    if (live.method === 'partner_pickup' && update.status === 'cancelled' && live.status === 'assigned') {
      await this.partner.cancelParcel(live.partner_parcel_id!).catch((error: unknown) => {
        throw partnerFailure(error);
      });
    }
    return this.tenantDb.run(ctx, async (trx) => {
      const order = await this.orders.lockWithin(trx, { id: current.order.id });
      const delivery = await this.repository.lockLiveForOrder(trx, order.id);
      if (!delivery || delivery.id !== live.id) {
        throw new ApiError(409, 'conflict', 'This delivery changed while you were updating it: reload and try again', {
          reason: 'delivery_changed',
        });
      }
      if (!canAdvance(delivery.method, delivery.status, update.status)) {
        throw new ApiError(
          409,
          'conflict',
          `A delivery that is ${words(delivery.status)} cannot become ${words(update.status)}`,
          {
            reason: 'delivery_transition',
            from: delivery.status,
            to: update.status,
            allowed: allowedFrom(delivery.method, delivery.status),
          },
        );
      }
      await this.apply(
        trx,
        ctx,
        delivery,
        { status: update.status, occurredAt: new Date(), note: update.note ?? null, data: {} },
        'staff',
        ctx.owner.userId,
      );
      return {
        order: await this.orders.getWithin(trx, order.id),
        delivery: await this.deliveries.viewWithin(trx, delivery.id, order.number),
      };
    });
  }

  /** Asks the partner for the parcel's trail and records whatever we had not heard (missed webhooks). */
  async refreshFromPartner(ctx: RequestContext, orderNumber: number): Promise<OrderDeliveries> {
    const latest = await this.tenantDb.run(ctx, async (trx) => {
      const order = await this.orders.findWithin(trx, orderNumber);
      return (await this.repository.forOrder(trx, order.id)).find((d) => d.method === 'partner_pickup');
    });
    if (!latest?.partner_parcel_id)
      throw new ApiError(409, 'conflict', `Order #${orderNumber} was not sent through the delivery partner`, {
        reason: 'not_partner_delivery',
      });
    const state = await this.partner.parcelStatus(latest.partner_parcel_id).catch((error: unknown) => {
      throw partnerFailure(error);
    });
    for (const update of state.trail) await this.applyPartnerUpdate(ctx, update, 'partner_poll');
    return this.deliveries.forOrder(ctx, orderNumber);
  }

  /**
   * One partner status for one parcel. Locks the order before the delivery, as every other path
   * does, so a webhook and a staff update at the same moment cannot deadlock.
   */
  async applyPartnerUpdate(
    ctx: RequestContext,
    update: ParcelUpdate,
    source: 'partner_webhook' | 'partner_poll',
  ): Promise<UpdateOutcome> {
    return this.tenantDb.run(ctx, async (trx) => {
      const found = await this.repository.lockByParcel(trx, this.partner.name, update.parcelId, false);
      if (!found)
        throw ApiError.notFound('not_found', `No delivery for parcel ${update.parcelId} in this store`, {
          parcelId: update.parcelId,
        });
      await this.orders.lockWithin(trx, { id: found.order_id });
      const delivery = (await this.repository.lockByParcel(trx, this.partner.name, update.parcelId, true))!;
      return this.apply(
        trx,
        ctx,
        delivery,
        {
          status: update.status,
          occurredAt: update.occurredAt,
          note: update.note,
          data: { partnerStatus: update.partnerStatus, ...(update.eventId ? { eventId: update.eventId } : {}) },
        },
        source,
        null,
      );
    });
  }

  /**
   * Records one status in the trail and, when it moves the delivery forward, the delivery's
   * status; delivered also delivers the order. A status the trail already has is a duplicate
   * (nothing written); one that arrives after a later one (webhooks out of order) is kept in the
   * trail but does not move the delivery back.
   */
  private async apply(
    trx: TenantTransaction,
    ctx: RequestContext,
    delivery: DeliveryRow,
    change: { status: DeliveryStatus; occurredAt: Date; note: string | null; data: Record<string, unknown> },
    source: DeliveryEventSource,
    actorId: string | null,
  ): Promise<UpdateOutcome> {
    const appended = await this.repository.appendEvent(trx, {
      tenant_id: ctx.tenantId,
      delivery_id: delivery.id,
      status: change.status,
      source,
      actor_id: actorId,
      note: change.note,
      data: change.data,
      occurred_at: change.occurredAt,
    });
    if (!appended) return 'duplicate';
    if (!canAdvance(delivery.method, delivery.status, change.status)) return 'late';
    await this.repository.setStatus(trx, delivery.id, change.status, change.occurredAt);
    if (change.status === 'delivered') {
      const order = await this.orders.lockWithin(trx, { id: delivery.order_id });
      const pay = paymentStateOf(order);
      // Pay on delivery not collected: staff are told to collect first (409); a partner's report is logged.
      if (source === 'staff' && awaitsCollection(pay, order.status))
        assertOrderTransition(order.status, 'delivered', pay);
      if (canTransition(order.status, 'delivered', pay)) {
        const actor: Actor =
          source === 'staff' ? { type: 'user', id: actorId } : { type: 'system', id: this.partner.name };
        await this.orders.transitionWithin(trx, ctx, order.id, 'delivered', actor, {
          deliveryId: delivery.id,
          source,
        });
      } else {
        this.logger.warn(
          { order_id: order.id, order_status: order.status, delivery_id: delivery.id },
          'delivery completed but the order cannot become delivered',
        );
      }
    }
    return 'applied';
  }
}
