/**
 * What the dashboard's order page (app/owner/orders/[number]/page.tsx) shows, loaded on the
 * server: the order, its payments and refunds, delivery, messages, the pickup agents it can be
 * sent to and its area's name; and the rules of what the signed-in role may do next (refund how
 * much, cancel, dispatch).
 */
import {
  addDays,
  DISPATCHABLE_ORDER_STATUSES as DISPATCHABLE,
  formatNairobiDayMonth,
  formatNairobiTime,
  nairobiDay,
  orderConversationSchema,
  orderDeliveriesSchema,
  orderResponseSchema,
  ownerAftercareSchema,
  ownerOrderPaymentsSchema,
  pickupAgentListSchema,
  REFUNDABLE_ORDER_STATUSES as REFUNDABLE,
} from '@sokoni/contracts';
import { headers } from 'next/headers';
import type { z } from 'zod';
import { getAreas } from '@/lib/api';
import type { OwnerAnswer, OwnerApi, OwnerProblem } from '@/lib/owner-api';
import type { Order, OrderConversation, OrderDeliveries, OrderMoney, PickupAgent } from '@/lib/owner-data';
import { can, type OwnerSession } from '@/lib/owner-session';
import { forwardedFrom } from '@/lib/request';

/** "14:32" today, "tomorrow 09:10", else "12 Mar 14:05" (Nairobi): when WhatsApp's window closes. */
export function untilLabel(iso: string, now = new Date()): string {
  const time = formatNairobiTime(iso);
  if (nairobiDay(iso) === nairobiDay(now)) return time;
  if (nairobiDay(iso) === addDays(nairobiDay(now), 1)) return `tomorrow ${time}`;
  return `${formatNairobiDayMonth(iso)} ${time}`;
}

type Payments = OrderMoney['payments'];
type Refunds = OrderMoney['refunds'];

export interface OwnerOrderView {
  order: Order;
  /** Each part answers on its own: a part the API could not give is a problem box on the page. */
  money: OwnerAnswer<OrderMoney>;
  deliveries: OwnerAnswer<OrderDeliveries>;
  messages: OwnerAnswer<OrderConversation>;
  areaName: string;
  payments: Payments;
  refunds: Refunds;
  /** Refunds M-Pesa has not answered yet (the page refreshes itself while there are any). */
  inFlight: Refunds;
  /** The payment that paid the order, if any. */
  paid: Payments[number] | undefined;
  /** What is left to refund of it, after refunds done and on their way. */
  refundable: number;
  canDispatch: boolean;
  canCancel: boolean;
  showRefund: boolean;
  agents: PickupAgent[];
  delivery: OrderDeliveries['delivery'] | null;
  /** Timeline, return and money owed back (GET /v1/owner/orders/:n/aftercare). */
  aftercare: OwnerAnswer<z.infer<typeof ownerAftercareSchema>>;
}

/** The order page's data; `notFound` for no such order, `problem` when the order could not be read. */
export async function loadOwnerOrder(
  api: OwnerApi,
  session: OwnerSession,
  number: number,
): Promise<OwnerOrderView | { notFound: true } | { problem: OwnerProblem }> {
  const orderAnswer = await api.get(`/v1/owner/orders/${number}`, orderResponseSchema);
  if (!orderAnswer.ok && orderAnswer.problem.status === 404) return { notFound: true };
  if (!orderAnswer.ok) return { problem: orderAnswer.problem };
  const order = orderAnswer.data.order;
  const canDispatch = DISPATCHABLE.has(order.status);
  const [money, deliveries, messages, agents, areas, aftercare] = await Promise.all([
    api.get(`/v1/owner/orders/${number}/payments`, ownerOrderPaymentsSchema),
    api.get(`/v1/owner/orders/${number}/delivery`, orderDeliveriesSchema),
    api.get(`/v1/owner/orders/${number}/messages`, orderConversationSchema),
    canDispatch
      ? api.anonymous(
          `/v1/stores/${session.store}/delivery/agents?area=${encodeURIComponent(order.areaSlug)}`,
          pickupAgentListSchema,
        )
      : Promise.resolve(null),
    getAreas(forwardedFrom(await headers())).catch(() => []),
    api.get(`/v1/owner/orders/${number}/aftercare`, ownerAftercareSchema),
  ]);
  const role = session.role;
  const payments = money.ok ? money.data.payments : [];
  const refunds = money.ok ? money.data.refunds : [];
  const inFlight = refunds.filter((r) => r.status === 'requested' || r.status === 'pending');
  const paid = payments.find((p) => p.status === 'paid' && p.countsForOrder);
  const refundable = paid
    ? paid.amountKes -
      paid.refundedKes -
      inFlight.filter((r) => r.paymentId === paid.id).reduce((s, r) => s + r.amountKes, 0)
    : 0;
  return {
    order,
    money,
    deliveries,
    messages,
    areaName: areas.find((a) => a.slug === order.areaSlug)?.name ?? order.areaSlug,
    payments,
    refunds,
    inFlight,
    paid,
    refundable,
    canDispatch,
    canCancel:
      order.status === 'pending_payment' ||
      ((order.status === 'paid' || order.status === 'packed') && can.cancelPaid(role)),
    // A cancelled order may still hold the shopper's money (its refund did not go): refund it.
    showRefund:
      can.refund(role) &&
      (REFUNDABLE.has(order.status) || order.status === 'cancelled') &&
      paid !== undefined &&
      refundable > 0 &&
      inFlight.length === 0,
    agents: agents && agents.ok ? agents.data.agents : [],
    delivery: deliveries.ok ? deliveries.data.delivery : null,
    aftercare,
  };
}
