import type { OrderStatus } from '@sokoni/contracts';
import { ApiError } from '../../platform/api-error';

/**
 * The order lifecycle, in one place. Every status change goes through assertTransition.
 * pending_payment -> paid -> packed -> dispatched -> delivered; cancelled before dispatch;
 * refunded once money was taken.
 */
export const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ['paid', 'cancelled'],
  paid: ['packed', 'cancelled', 'refunded'],
  packed: ['dispatched', 'cancelled', 'refunded'],
  dispatched: ['delivered', 'refunded'],
  delivered: ['refunded'],
  cancelled: [],
  refunded: [],
};

/** With `pay`, pay on delivery's own moves apply (transitionsFor, below). */
export function canTransition(from: OrderStatus, to: OrderStatus, pay?: OrderPaymentState): boolean {
  return transitionsFor(from, pay).includes(to);
}

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) {
    throw new ApiError(
      409,
      'conflict',
      `An order that is ${from.replace('_', ' ')} cannot become ${to.replace('_', ' ')}`,
      { from, to, allowed: ORDER_TRANSITIONS[from] },
    );
  }
}

/**
 * A return's lifecycle (issue 13), in the same file as the order's: requested -> accepted (the
 * lines are refunded) -> received (their stock is back, a `return` movement); or refused.
 */
export type ReturnStatus = 'requested' | 'accepted' | 'refused' | 'received';
export const RETURN_TRANSITIONS: Record<ReturnStatus, readonly ReturnStatus[]> = {
  requested: ['accepted', 'refused'],
  accepted: ['received'],
  refused: [],
  received: [],
};

export function assertReturnTransition(from: ReturnStatus, to: ReturnStatus): void {
  if (!RETURN_TRANSITIONS[from].includes(to)) {
    throw new ApiError(409, 'conflict', `A return that is ${from} cannot become ${to}`, {
      reason: 'return_status',
      from,
      to,
      allowed: RETURN_TRANSITIONS[from],
    });
  }
}

/** Statuses a shopper may still cancel from (before anything left the shop). */
export const SHOPPER_CANCELLABLE: readonly OrderStatus[] = ['pending_payment', 'paid', 'packed'];

/**
 * Pay on delivery (issue 13): an order whose money is taken at the door. Until it is collected
 * it may be packed and dispatched unpaid (its stock stays reserved, never expiring), it can be
 * cancelled (refused at the door included: the stock goes back), and it cannot be delivered.
 * Once collected (M-Pesa at the door, cash, or paid early) it follows ORDER_TRANSITIONS.
 */
export interface OrderPaymentState {
  paymentMethod: 'mpesa' | 'on_delivery';
  collected: boolean;
}
const ON_DELIVERY_UNCOLLECTED: Record<OrderStatus, readonly OrderStatus[]> = {
  // 'paid': the shopper may still pay early with M-Pesa from the order page.
  pending_payment: ['paid', 'packed', 'cancelled'],
  paid: ORDER_TRANSITIONS.paid,
  packed: ['dispatched', 'cancelled'],
  dispatched: ['cancelled'],
  delivered: [],
  cancelled: [],
  refunded: [],
};

/** An order waiting for its money at the door: pay on delivery, not collected, not cancelled. */
export function awaitsCollection(pay: OrderPaymentState | undefined, status: OrderStatus): boolean {
  return (
    pay?.paymentMethod === 'on_delivery' &&
    !pay.collected &&
    ['pending_payment', 'packed', 'dispatched'].includes(status)
  );
}

export function transitionsFor(from: OrderStatus, pay?: OrderPaymentState): readonly OrderStatus[] {
  return awaitsCollection(pay, from) ? ON_DELIVERY_UNCOLLECTED[from] : ORDER_TRANSITIONS[from];
}

/** The payment-aware check: what assertTransition says, with pay on delivery's own moves. */
export function assertOrderTransition(from: OrderStatus, to: OrderStatus, pay: OrderPaymentState): void {
  const allowed = transitionsFor(from, pay);
  if (allowed.includes(to)) return;
  if (awaitsCollection(pay, from) && to === 'delivered')
    throw new ApiError(409, 'conflict', 'Collect the money first (M-Pesa or cash), or mark the order refused', {
      reason: 'not_collected',
      from,
      to,
      allowed,
    });
  throw new ApiError(
    409,
    'conflict',
    `An order that is ${from.replace('_', ' ')} cannot become ${to.replace('_', ' ')}`,
    {
      from,
      to,
      allowed,
    },
  );
}

/** Money may be taken at the door only from a dispatched pay-on-delivery order not yet collected. */
export function assertCollectable(status: OrderStatus, pay: OrderPaymentState): void {
  if (pay.paymentMethod !== 'on_delivery')
    throw new ApiError(409, 'conflict', 'This order is not pay on delivery', { reason: 'not_pay_on_delivery' });
  if (pay.collected)
    throw new ApiError(409, 'conflict', 'The money for this order was already collected', {
      reason: 'already_collected',
    });
  if (status !== 'dispatched')
    throw new ApiError(
      409,
      'conflict',
      `Collect at the door: the order is ${status.replace('_', ' ')}, not dispatched`,
      {
        reason: 'not_dispatched',
        status,
      },
    );
}

/** A STK payment may open: an unpaid order, or a pay-on-delivery order at the door. */
export function isPayable(status: OrderStatus, pay: OrderPaymentState): boolean {
  return status === 'pending_payment' || (awaitsCollection(pay, status) && status === 'dispatched');
}

/** The payment state of an order row (orders.payment_method / collected_at). */
export function paymentStateOf(row: { payment_method?: string | null; collected_at?: unknown }): OrderPaymentState {
  return {
    paymentMethod: row.payment_method === 'on_delivery' ? 'on_delivery' : 'mpesa',
    collected: row.collected_at !== null && row.collected_at !== undefined,
  };
}
