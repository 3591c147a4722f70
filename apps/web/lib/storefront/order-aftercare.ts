/**
 * The after-the-sale part of the shopper's order page (pages/s/[store]/orders/[order].tsx):
 * the tracking timeline (GET /v1/stores/:store/orders/:id/tracking), the pickup point's opening
 * hours, whether the shopper is signed in (cancelling needs a phone-verified session), and what
 * to say after the Cancel form (?cancel=<outcome>, a fixed word mapped to words here).
 */
import type { Order, OrderTracking } from '@sokoni/contracts';
import type { Forwarded } from '@/lib/api';
import { shopperSessionFrom } from '@/lib/cookies';
import { getOrderTracking, getPickupAgents } from '@/lib/shopper-api';
import { optional } from '@/lib/store-page';
import type { AgentHours } from '@/components/OrderTracking';
import { translator, type Locale } from '@/lib/i18n/core';
import { formatters } from '@/lib/i18n/format';
import { aftercareMessages } from '@/lib/i18n/messages/aftercare';

export interface OrderAftercare {
  tracking: OrderTracking;
  hours: AgentHours;
  signedIn: boolean;
  notice: { tone: 'info' | 'error'; text: string } | null;
}

/** What the Cancel form's route handler may answer with (app/s/[store]/orders/[order]/cancel). */
export const CANCEL_OUTCOMES = ['done', 'owed', 'refused', 'not-yours', 'failed', 'busy'] as const;
export type CancelOutcome = (typeof CANCEL_OUTCOMES)[number];

/** Why the API refused to cancel, by the order's status now (the API's own words are English). */
const REFUSED_BY_STATUS = {
  dispatched: 'cancelRefused_dispatched',
  delivered: 'cancelRefused_delivered',
  cancelled: 'cancelRefused_cancelled',
  refunded: 'cancelRefused_refunded',
} as const;

function noticeFor(outcome: string | undefined, t: OrderTracking, locale: Locale): OrderAftercare['notice'] {
  const say = translator(aftercareMessages, locale);
  const number = t.number;
  const refund = t.refundedKes + t.refundPendingKes;
  switch (outcome) {
    case 'done':
      return {
        tone: 'info',
        text:
          refund > 0
            ? say('cancelDoneRefund', { number, amount: formatters(locale).formatKes(refund) })
            : say('cancelDoneFree', { number }),
      };
    case 'owed':
      return { tone: 'info', text: say('cancelOwed', { number }) };
    case 'refused': {
      const byStatus = (
        REFUSED_BY_STATUS as Record<string, (typeof REFUSED_BY_STATUS)[keyof typeof REFUSED_BY_STATUS]>
      )[t.status];
      return { tone: 'error', text: say(byStatus ?? 'cancelRefused', { number }) };
    }
    case 'not-yours':
      return { tone: 'error', text: say('cancelNotYours') };
    case 'busy':
      return { tone: 'error', text: say('cancelBusy') };
    case 'failed':
      return { tone: 'error', text: say('cancelFailed') };
    default:
      return null;
  }
}

export async function loadAftercare(
  { slug, forwarded }: { slug: string; forwarded: Forwarded },
  order: Pick<Order, 'id' | 'areaSlug'>,
  cookies: Map<string, string>,
  outcome: string | undefined,
  locale: Locale,
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
    notice: noticeFor(outcome, tracking, locale),
  };
}
