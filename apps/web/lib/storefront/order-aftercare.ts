/**
 * The after-the-sale part of the shopper's order page (pages/s/[store]/orders/[order].tsx):
 * the tracking timeline (GET /v1/stores/:store/orders/:id/tracking), the pickup point's opening
 * hours, whether the shopper is signed in (cancelling needs a phone-verified session), and what
 * to say after the Cancel form (?cancel=<outcome>, a fixed word mapped to words here).
 */
import { formatKes, type Order, type OrderTracking } from '@sokoni/contracts';
import type { Forwarded } from '@/lib/api';
import { shopperSessionFrom } from '@/lib/cookies';
import { getOrderTracking, getPickupAgents } from '@/lib/shopper-api';
import { optional } from '@/lib/store-page';
import type { AgentHours } from '@/components/OrderTracking';

export interface OrderAftercare {
  tracking: OrderTracking;
  hours: AgentHours;
  signedIn: boolean;
  notice: { tone: 'info' | 'error'; text: string } | null;
}

/** What the Cancel form's route handler may answer with (app/s/[store]/orders/[order]/cancel). */
export const CANCEL_OUTCOMES = ['done', 'owed', 'refused', 'not-yours', 'failed', 'busy'] as const;
export type CancelOutcome = (typeof CANCEL_OUTCOMES)[number];

function noticeFor(outcome: string | undefined, t: OrderTracking): OrderAftercare['notice'] {
  const refund = t.refundedKes + t.refundPendingKes;
  switch (outcome) {
    case 'done':
      return {
        tone: 'info',
        text:
          refund > 0
            ? `Order #${t.number} is cancelled. ${formatKes(refund)} is on its way back to your M-Pesa.`
            : `Order #${t.number} is cancelled. Nothing was charged.`,
      };
    case 'owed':
      return {
        tone: 'info',
        text: `Order #${t.number} is cancelled. The shop will send your money back to your M-Pesa shortly.`,
      };
    case 'refused':
      return { tone: 'error', text: t.cancel.reason ?? `Order #${t.number} can no longer be cancelled.` };
    case 'not-yours':
      return {
        tone: 'error',
        text: 'This order was placed with another phone number. Sign in with that number to cancel it.',
      };
    case 'busy':
      return { tone: 'error', text: 'Too many tries in a minute. Wait a moment, then try again.' };
    case 'failed':
      return { tone: 'error', text: 'We could not reach the shop just now. Nothing was cancelled; try again.' };
    default:
      return null;
  }
}

export async function loadAftercare(
  { slug, forwarded }: { slug: string; forwarded: Forwarded },
  order: Pick<Order, 'id' | 'areaSlug'>,
  cookies: Map<string, string>,
  outcome: string | undefined,
): Promise<OrderAftercare | null> {
  const tracking = await optional(
    'tracking of an order',
    async () => {
      const a = await getOrderTracking(slug, order.id, forwarded);
      return a.ok ? a.data.tracking : null;
    },
    null,
  );
  if (!tracking) return null;
  let hours: AgentHours = {};
  if (tracking.delivery?.agent) {
    hours = await optional(
      'pickup agents',
      async () => {
        const a = await getPickupAgents(slug, order.areaSlug, forwarded);
        return a.ok ? Object.fromEntries(a.data.agents.map((x) => [x.id, x.openingHours])) : {};
      },
      {},
    );
  }
  return {
    tracking,
    hours,
    signedIn: Boolean(shopperSessionFrom(cookies, slug)),
    notice: noticeFor(outcome, tracking),
  };
}
