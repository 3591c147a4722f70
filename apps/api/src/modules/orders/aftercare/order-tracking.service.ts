import { Injectable } from '@nestjs/common';
import { vatPortion, type OrderReturn, type OrderTracking, type TrackingStep } from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import { ApiError } from '../../../platform/api-error';
import { TenantDb } from '../../../platform/tenant-db';
import type { RequestContext } from '../../../platform/request-context';
import { assertSessionLive, type ShopperSession } from '../../shoppers/shopper-session';
import { SHOPPER_CANCELLABLE } from '../order-status';
import { OrdersService, type OrderRow } from '../orders.service';
import { AftercareRepository } from './aftercare.repository';

const DAY_MS = 86_400_000;
const iso = (d: Date | string) => new Date(d).toISOString();

const STEP_LABELS: Record<TrackingStep['key'], string> = {
  placed: 'Order placed',
  paid: 'Paid',
  packed: 'Packed',
  dispatched: 'Dispatched',
  out_for_delivery: 'Out for delivery',
  ready_for_pickup: 'Ready for pickup',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
};

const DELIVERY_EVENT_LABELS: Record<string, string> = {
  assigned: 'Handed to the rider',
  picked_up: 'Picked up',
  in_transit: 'On the road',
  at_agent: 'At the pickup point',
  delivered: 'Delivered',
  failed: 'Delivery failed',
  cancelled: 'Delivery cancelled',
};

/** Why a shopper cannot cancel an order in this status, in words. */
export function cancelRefusal(number: number, status: string): string | null {
  if ((SHOPPER_CANCELLABLE as readonly string[]).includes(status)) return null;
  switch (status) {
    case 'dispatched':
      return `Order #${number} is already on its way, so it can no longer be cancelled. Once it arrives you can ask for a return.`;
    case 'delivered':
      return `Order #${number} was delivered, so it can no longer be cancelled: ask for a return instead.`;
    case 'cancelled':
      return `Order #${number} is already cancelled.`;
    default:
      return `Order #${number} was refunded and can no longer be cancelled.`;
  }
}

/**
 * What the shopper sees of an order after placing it: the timeline (placed, paid, packed,
 * dispatched with the rider or pickup point, out for delivery / ready for pickup, delivered, with
 * times), the partner's scans, whether it can still be cancelled or returned, and the return.
 */
@Injectable()
export class OrderTrackingService {
  constructor(
    private readonly repository: AftercareRepository,
    private readonly orders: OrdersService,
    private readonly tenantDb: TenantDb,
  ) {}

  /** By the order's id (the shopper's link is the key). */
  async byId(ctx: RequestContext, orderId: string): Promise<OrderTracking> {
    return this.tenantDb.run(ctx, async (trx) => {
      const row = await this.orders.findWithinById(trx, orderId);
      if (!row) throw ApiError.notFound('not_found', 'No such order');
      return this.trackingWithin(trx, row);
    });
  }

  /** "My orders": the signed-in phone's newest orders with their timelines. */
  async forShopper(ctx: RequestContext, session: ShopperSession, limit: number): Promise<OrderTracking[]> {
    return this.tenantDb.run(ctx, async (trx) => {
      await assertSessionLive(trx, session);
      const list: OrderTracking[] = [];
      for (const id of await this.repository.orderIdsOf(trx, session.phone, limit)) {
        const row = await this.orders.findWithinById(trx, id);
        if (row) list.push(await this.trackingWithin(trx, row));
      }
      return list;
    });
  }

  /** The owner's view: the timeline and return, and money still owed back on a cancelled order. */
  async forOwner(ctx: RequestContext, number: number): Promise<{ tracking: OrderTracking; refundOwedKes: number }> {
    return this.tenantDb.run(ctx, async (trx) => {
      const order = await this.orders.findWithin(trx, number);
      const tracking = await this.trackingWithin(trx, order);
      const { leftKes } = await this.repository.refundable(trx, order.id);
      return { tracking, refundOwedKes: order.status === 'cancelled' ? leftKes : 0 };
    });
  }

  async trackingWithin(trx: TenantTransaction, order: OrderRow): Promise<OrderTracking> {
    const [events, delivery, settings, totals, ret] = await Promise.all([
      this.repository.events(trx, order.id),
      this.repository.latestDelivery(trx, order.id),
      this.repository.settings(trx),
      this.repository.refundTotals(trx, order.id),
      this.returnWithin(trx, order.id),
    ]);
    const deliveryEvents = delivery ? await this.repository.deliveryEvents(trx, delivery.id) : [];
    const reached = (status: string) => events.find((e) => e.to_status === status)?.at ?? null;
    const pickup = order.delivery_method === 'pickup' || delivery?.method === 'partner_pickup';

    const dispatchDetail = delivery
      ? delivery.method === 'partner_pickup'
        ? `Pickup point: ${[delivery.agent_name, delivery.agent_landmark].filter(Boolean).join(', ')}`
        : `Rider: ${[delivery.rider_name, delivery.rider_phone].filter(Boolean).join(', ')}`
      : null;
    const moving = deliveryEvents.find((e) =>
      pickup ? e.status === 'at_agent' : e.status === 'picked_up' || e.status === 'in_transit',
    );
    const steps: TrackingStep[] = [];
    const step = (key: TrackingStep['key'], at: Date | string | null, detail: string | null = null) =>
      steps.push({ key, label: STEP_LABELS[key], at: at ? iso(at) : null, done: at !== null, detail });
    step('placed', order.created_at);
    step('paid', reached('paid'));
    step('packed', reached('packed'));
    step('dispatched', reached('dispatched'), reached('dispatched') ? dispatchDetail : null);
    step(pickup ? 'ready_for_pickup' : 'out_for_delivery', moving?.occurred_at ?? null);
    step('delivered', reached('delivered'));
    // A packed order skips nothing on the shopper's side: a step passed without its own event
    // (dispatched without "packed") is shown as done at the next step's time.
    for (let i = steps.length - 2; i >= 1; i--) {
      const next = steps[i + 1]!;
      if (!steps[i]!.done && next.done && steps[i]!.key !== 'paid') {
        steps[i]!.done = true;
        steps[i]!.at = next.at;
      }
    }
    let shown = steps;
    if (order.status === 'cancelled' || order.status === 'refunded') {
      shown = steps.filter((s) => s.done);
      const endAt = reached(order.status) ?? events.at(-1)?.at ?? order.updated_at;
      // A pay-on-delivery order the shopper did not take at the door (pod-door.service.ts).
      const refused = order.status === 'cancelled' && events.some((e) => e.type === 'refused_at_door');
      shown.push({
        key: order.status,
        label: refused ? 'Refused at the door' : STEP_LABELS[order.status],
        at: iso(endAt),
        done: true,
        detail: totals.done + totals.pending > 0 ? `Refund: KES ${totals.done + totals.pending}` : null,
        reason: refused ? 'refused_at_door' : null,
      });
    }

    const deliveredAt = reached('delivered');
    const openUntil = deliveredAt ? new Date(new Date(deliveredAt).getTime() + settings.windowDays * DAY_MS) : null;
    let returnRefusal: string | null = null;
    if (ret) returnRefusal = `A return for order #${order.number} was already asked for.`;
    else if (!settings.enabled) returnRefusal = 'This shop does not take returns.';
    else if (!deliveredAt || order.status !== 'delivered')
      returnRefusal = `Order #${order.number} can be returned once it is delivered.`;
    else if (openUntil && openUntil.getTime() < Date.now())
      returnRefusal = `Order #${order.number} was delivered more than ${settings.windowDays} days ago: the shop's return window has closed.`;

    return {
      orderId: order.id,
      number: order.number,
      status: order.status,
      steps: shown,
      delivery: delivery
        ? {
            method: delivery.method,
            status: delivery.status,
            riderName: delivery.rider_name,
            riderPhone: delivery.rider_phone,
            partner: delivery.partner,
            agent: delivery.agent_id
              ? { id: delivery.agent_id, name: delivery.agent_name, landmark: delivery.agent_landmark }
              : null,
            events: deliveryEvents.map((e) => ({
              status: e.status,
              label: DELIVERY_EVENT_LABELS[e.status] ?? e.status,
              at: iso(e.occurred_at),
              source: e.source,
            })),
          }
        : null,
      cancel: {
        allowed: cancelRefusal(order.number, order.status) === null,
        reason: cancelRefusal(order.number, order.status),
      },
      returns: {
        allowed: returnRefusal === null,
        reason: returnRefusal,
        windowDays: settings.windowDays,
        openUntil: openUntil ? openUntil.toISOString() : null,
        request: ret,
      },
      refundedKes: totals.done,
      refundPendingKes: totals.pending,
    };
  }

  /** The order's return as the API shows it, or null. */
  async returnWithin(trx: TenantTransaction, orderId: string): Promise<OrderReturn | null> {
    const r = await this.repository.returnOf(trx, orderId);
    if (!r) return null;
    const [lines, refund] = await Promise.all([
      this.repository.returnLines(trx, r.id),
      r.refund_id ? this.repository.refund(trx, r.refund_id) : undefined,
    ]);
    const order = (await this.orders.findWithinById(trx, orderId))!;
    return {
      id: r.id,
      status: r.status,
      reason: r.reason,
      hasPhoto: r.has_photo,
      lines: lines.map((l) => ({ line: l.line, sku: l.sku, title: l.title, quantity: l.quantity })),
      amountKes: r.amount_kes,
      vatKes: r.vat_kes,
      creditNote: r.status === 'accepted' || r.status === 'received' ? `CN-${order.number}` : null,
      decisionNote: r.decision_note,
      decidedAt: r.decided_at ? iso(r.decided_at) : null,
      receivedAt: r.received_at ? iso(r.received_at) : null,
      refund: refund ? { id: refund.id, status: refund.status, amountKes: refund.amount_kes } : null,
      createdAt: iso(r.created_at),
    };
  }
}

/**
 * What returned lines are worth: their price less their share of the order's discount on goods
 * (proportional, rounded down, so credits never exceed what was paid), and the VAT in it.
 */
export function creditFor(
  order: { subtotal_kes: number; discount_kes: number },
  lines: { unitPriceKes: number; quantity: number }[],
): { amountKes: number; vatKes: number } {
  const value = lines.reduce((sum, l) => sum + l.unitPriceKes * l.quantity, 0);
  const goodsDiscount = Math.min(order.discount_kes, order.subtotal_kes);
  const share = order.subtotal_kes > 0 ? Math.ceil((goodsDiscount * value) / order.subtotal_kes) : 0;
  const amountKes = Math.max(0, value - share);
  return { amountKes, vatKes: vatPortion(amountKes) };
}
