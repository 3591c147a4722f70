import { OWNER_REPLY_MAX_CHARS } from '@sokoni/contracts';
import type { Order, OrderConversation } from '@/lib/owner-data';
import { localPhone } from '@/lib/owner-format';
import { untilLabel } from '@/lib/owner/order-page';

/**
 * Answer the shopper from here (a free-text WhatsApp from the store's number) while WhatsApp's
 * 24-hour window is open; otherwise say why not and how else to reach them. A plain form post.
 */
export function Reply({
  base,
  order,
  conversation,
  mayEditSettings,
}: {
  base: string;
  order: Order;
  conversation: OrderConversation;
  mayEditSettings: boolean;
}) {
  const { window: wa, reply } = conversation;
  const phone = localPhone(order.phone);
  const callOrSms = (Call: 'Call' | 'call') => (
    <>
      <a href={`tel:+${order.phone}`}>{Call}</a> or <a href={`sms:+${order.phone}`}>SMS</a> them at{' '}
      <span className="o-nowrap">{phone}</span>
    </>
  );
  if (reply.allowed && wa.closesAt) {
    return (
      <form method="post" action={`${base}/reply`} className="o-form o-reply" data-reply-form>
        <label>
          Reply on WhatsApp
          <textarea
            name="text"
            required
            maxLength={OWNER_REPLY_MAX_CHARS}
            rows={3}
            placeholder="Type your answer to the shopper"
          />
        </label>
        <p className="o-hint" data-window="open">
          You can reply until {untilLabel(wa.closesAt)} (24 hours after their last message).
        </p>
        <button type="submit" className="o-button" data-action="reply">
          Send
        </button>
      </form>
    );
  }
  if (reply.reason === 'opted_out') {
    return (
      <p className="o-card o-small o-reply-closed" data-window="opted-out">
        This shopper replied STOP, so your store does not message them on WhatsApp. If you must reach them,{' '}
        {callOrSms('call')}.
      </p>
    );
  }
  if (reply.reason === 'whatsapp_not_configured') {
    return (
      <p className="o-card o-small o-reply-closed" data-window="not-configured">
        Your store has no WhatsApp number connected, so you cannot reply from here
        {mayEditSettings ? (
          <>
            {' '}
            (<a href="/owner/settings">connect it in Settings</a>)
          </>
        ) : null}
        . {callOrSms('Call')}.
      </p>
    );
  }
  return (
    <p className="o-card o-small o-reply-closed" data-window="closed">
      The shopper has not written in the last 24 hours
      {wa.closesAt ? ` (their window closed at ${untilLabel(wa.closesAt)})` : ''}: WhatsApp only lets you send order
      updates. {callOrSms('Call')}.
    </p>
  );
}
