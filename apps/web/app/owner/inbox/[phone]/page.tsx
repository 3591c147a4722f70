import { conversationPhoneSchema, inboxReadSchema, inboxThreadSchema } from '@sokoni/contracts';
import { notFound } from 'next/navigation';
import { ProblemBox, Shell, StatusBadge } from '../../_components/shell';
import { InboxReply } from './reply-box';
import { channelLabel, formatKes, localPhone, when } from '@/lib/owner-format';
import { ownerPage, type OwnerPageProps } from '@/lib/owner-page';

type Props = OwnerPageProps & { params: Promise<{ phone: string }> };

/**
 * One conversation: the whole thread (oldest first), a link to the shopper's latest order, and
 * the reply box (free text inside WhatsApp's 24-hour window; outside it, why not and the
 * templates that fit the order). Opening it marks it read for this user.
 */
export default async function ConversationPage({ params, searchParams }: Props) {
  const { phone } = await params;
  if (!conversationPhoneSchema.safeParse(phone).success) notFound();
  const base = `/owner/inbox/${phone}`;
  const { api, session, flash } = await ownerPage(base, await searchParams);
  const thread = await api.get(`/v1/owner/conversations/${phone}`, inboxThreadSchema);
  // Opened = read (this user): the list then shows it as read. A failure here only leaves it unread.
  if (thread.ok) await api.post(`/v1/owner/conversations/${phone}/read`, undefined, inboxReadSchema);

  return (
    <Shell
      session={session}
      tab="orders"
      title={localPhone(phone)}
      flash={flash}
      back={{ href: '/owner/inbox', label: 'Inbox' }}
    >
      {!thread.ok ? (
        <ProblemBox problem={thread.problem} what="this conversation" />
      ) : (
        <>
          {thread.data.order ? (
            <p className="o-card" data-order-link>
              <a href={`/owner/orders/${thread.data.order.number}`}>Order #{thread.data.order.number}</a>{' '}
              <StatusBadge status={thread.data.order.status} /> {formatKes(thread.data.order.totalKes)}
            </p>
          ) : (
            <p className="o-muted" data-order-link="none">
              No order from this number yet.
            </p>
          )}
          <section aria-labelledby="thread-h" id="conversation" className="o-conversation">
            <h2 id="thread-h">Messages</h2>
            <ol className="o-chat" data-messages>
              {thread.data.messages.map((m) => (
                <li key={m.id} className={`o-msg o-msg--${m.direction}`} data-direction={m.direction}>
                  <span className="o-msg__body">
                    {m.body ?? (m.template ? `Template: ${m.template.replace(/_/g, ' ')}` : m.kind)}
                  </span>
                  <span className="o-msg__meta">
                    {m.direction === 'in'
                      ? 'From shopper'
                      : m.kind === 'owner_reply'
                        ? 'Your reply'
                        : m.template
                          ? `Template ${m.template.replace(/_/g, ' ')}`
                          : 'Sent'}{' '}
                    · {channelLabel(m.channel)} · {when(m.at)}
                    {m.direction === 'out' ? ` · ${m.status === 'failed' ? 'not delivered' : m.status}` : ''}
                  </span>
                </li>
              ))}
            </ol>
            <InboxReply base={base} phone={phone} thread={thread.data} role={session.role} />
          </section>
        </>
      )}
    </Shell>
  );
}
