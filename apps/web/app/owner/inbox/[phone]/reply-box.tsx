import { OWNER_REPLY_MAX_CHARS, type InboxThread } from '@sokoni/contracts';
import { localPhone } from '@/lib/owner-format';
import { untilLabel } from '@/lib/owner/order-page';
import { can, type OwnerRole } from '@/lib/owner-session';

/**
 * The inbox's reply box. Inside WhatsApp's 24-hour window: free text. Outside it: why not, and
 * the approved templates that fit the shopper's latest order (each a one-button form showing
 * the words the shopper gets). STOP and a missing WhatsApp number say so and offer a call.
 */
export function InboxReply({
  base,
  phone,
  thread,
  role,
}: {
  base: string;
  phone: string;
  thread: InboxThread;
  role: OwnerRole;
}) {
  const { window: wa, reply, templates } = thread;
  const callOrSms = (
    <>
      <a href={`tel:+${phone}`}>Call</a> or <a href={`sms:+${phone}`}>SMS</a> them at{' '}
      <span className="o-nowrap">{localPhone(phone)}</span>
    </>
  );
  if (reply.allowed && wa.closesAt)
    return (
      <form method="post" action={`${base}/reply`} className="o-form o-reply" data-reply-form>
        <label>
          Reply on WhatsApp
          <textarea name="text" required maxLength={OWNER_REPLY_MAX_CHARS} rows={3} placeholder="Type your answer" />
        </label>
        <p className="o-hint" data-window="open">
          You can write freely until {untilLabel(wa.closesAt)} (24 hours after their last message).
        </p>
        <button type="submit" className="o-button" data-action="reply">
          Send
        </button>
      </form>
    );
  if (reply.reason === 'opted_out')
    return (
      <p className="o-card o-small o-reply-closed" data-window="opted-out">
        This shopper replied STOP, so your store does not message them on WhatsApp. {callOrSms}.
      </p>
    );
  if (reply.reason === 'whatsapp_not_configured')
    return (
      <p className="o-card o-small o-reply-closed" data-window="not-configured">
        Your store has no WhatsApp number connected, so you cannot reply from here
        {can.editSettings(role) ? (
          <>
            {' '}
            (<a href="/owner/settings">connect it in Settings</a>)
          </>
        ) : null}
        . {callOrSms}.
      </p>
    );
  return (
    <div className="o-card o-reply-closed" data-window="closed">
      <p className="o-small">
        The shopper has not written in the last 24 hours
        {wa.closesAt ? ` (the window closed ${untilLabel(wa.closesAt)})` : ''}. WhatsApp lets a store write freely only
        within 24 hours of the shopper&apos;s last message; after that, only approved order updates.
      </p>
      {templates.length ? (
        <ul className="o-list" data-templates>
          {templates.map((t) => (
            <li key={t.kind}>
              <form method="post" action={`${base}/template`} className="o-form" data-template={t.kind}>
                <input type="hidden" name="template" value={t.kind} />
                <p className="o-small">
                  <strong>{t.label}</strong>
                </p>
                <p className="o-muted o-small">&ldquo;{t.preview}&rdquo;</p>
                <button type="submit" className="o-button o-button--plain" data-action="send-template">
                  Send this update
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="o-small" data-templates="none">
          No order update fits now. {callOrSms}.
        </p>
      )}
    </div>
  );
}
