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

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
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
