import { conversationListSchema } from '@sokoni/contracts';
import { ProblemBox, Shell } from '../_components/shell';
import { localPhone, when } from '@/lib/owner-format';
import { ownerPage, type OwnerPageProps } from '@/lib/owner-page';

/**
 * The WhatsApp inbox: every shopper who wrote to the store, the ones this user has not read
 * first (then newest first), with their last words and their latest order. Plain links.
 */
export default async function InboxPage({ searchParams }: OwnerPageProps) {
  const { api, session, flash } = await ownerPage('/owner/inbox', await searchParams);
  const answer = await api.get('/v1/owner/conversations', conversationListSchema);
  const unread = answer.ok ? answer.data.conversations.filter((c) => c.unread).length : 0;

  return (
    <Shell
      session={session}
      tab="orders"
      title="WhatsApp inbox"
      flash={flash}
      back={{ href: '/owner/orders', label: 'Orders' }}
    >
      {!answer.ok ? (
        <ProblemBox problem={answer.problem} what="the inbox" />
      ) : answer.data.conversations.length === 0 ? (
        <p className="o-muted">No shopper has written to your WhatsApp number yet.</p>
      ) : (
        <>
          <p className="o-muted" data-unread-total={unread}>
            {unread ? `${unread} unread` : 'All read'}
          </p>
          <ul className="o-list" data-conversations>
            {answer.data.conversations.map((c) => (
              <li key={c.phone}>
                <a
                  href={`/owner/inbox/${c.phone}`}
                  className={`o-order o-inbox-row${c.unread ? ' o-inbox-row--unread' : ''}`}
                  data-conversation={c.phone}
                  data-unread={c.unread ? 'true' : 'false'}
                >
                  <span className="o-order__top">
                    <strong>{localPhone(c.phone)}</strong>
                    {c.unread ? (
                      <span className="o-badge o-badge--sale" data-unread-count={c.unreadCount}>
                        {c.unreadCount} new
                      </span>
                    ) : (
                      <span className="o-muted o-small">{when(c.lastAt)}</span>
                    )}
                  </span>
                  <span className="o-order__mid o-inbox-row__text">{c.lastMessage}</span>
                  <span className="o-order__bottom o-muted o-small">
                    {c.latestOrderNumber ? `Order #${c.latestOrderNumber}` : 'No order yet'}
                    {c.unread ? ` · ${when(c.lastAt)}` : ''}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </Shell>
  );
}
