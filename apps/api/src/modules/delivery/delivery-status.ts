import type { DeliveryMethod, DeliveryStatus } from '@sokoni/contracts';

/**
 * A delivery's lifecycle, in one place. Moves go forward and may skip steps (a rider may hand
 * over without anyone recording "in transit"; a partner may not report every scan):
 * assigned -> picked_up -> in_transit -> at_agent (partner parcels only) -> delivered;
 * failed from anywhere before delivered; cancelled before anything left the shop.
 */
const PROGRESS: Record<DeliveryStatus, number> = {
  assigned: 0,
  picked_up: 1,
  in_transit: 2,
  at_agent: 3,
  delivered: 4,
  failed: 4,
  cancelled: 4,
};

export const FINISHED_DELIVERY_STATUSES: readonly DeliveryStatus[] = ['delivered', 'failed', 'cancelled'];
/** A delivery in one of these no longer holds the order: it may be dispatched again. */
export const ENDED_WITHOUT_DELIVERY: readonly DeliveryStatus[] = ['failed', 'cancelled'];

export function canAdvance(method: DeliveryMethod, from: DeliveryStatus, to: DeliveryStatus): boolean {
  if (FINISHED_DELIVERY_STATUSES.includes(from)) return false;
  if (to === 'at_agent' && method !== 'partner_pickup') return false;
  if (to === 'cancelled') return from === 'assigned';
  return PROGRESS[to] > PROGRESS[from];
}

export function allowedFrom(method: DeliveryMethod, from: DeliveryStatus): DeliveryStatus[] {
  return (Object.keys(PROGRESS) as DeliveryStatus[]).filter((to) => canAdvance(method, from, to));
}
