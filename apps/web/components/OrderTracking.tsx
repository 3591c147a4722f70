import type { OrderTracking as Tracking } from '@sokoni/contracts';
import { useMessages, useFormat } from '@/lib/i18n';
import { orderMessages, type OrderKey } from '@/lib/i18n/messages/order';

/** A step's or scan's words in the page's language; the API's English label for one we do not know. */
function known(key: string): key is OrderKey {
  return Object.hasOwn(orderMessages.en, key);
}

/** The pickup point's opening hours, when the partner's agent list knows them. */
export type AgentHours = Record<string, string>;

/**
 * The order's timeline as the API keeps it (placed, paid, packed, dispatched with the rider or
 * pickup point, out for delivery / ready for pickup, delivered; cancelled / refunded), done steps
 * with their Nairobi time, and the partner's scans. Plain HTML: no JavaScript.
 */
export function OrderTracking({
  tracking,
  hours = {},
  compact = false,
}: {
  tracking: Tracking;
  hours?: AgentHours;
  compact?: boolean;
}) {
  const t = useMessages(orderMessages);
  const { formatDateTime } = useFormat();
  const label = (key: string, fallback: string) => (known(key) ? t(key) : fallback);
  const d = tracking.delivery;
  const agentHours = d?.agent ? hours[d.agent.id] : undefined;
  return (
    <div className="trk" data-tracking={tracking.number}>
      <ol
        className={compact ? 'trk__steps acct-timeline' : 'trk__steps'}
        aria-label={t('progress', { number: tracking.number })}
      >
        {tracking.steps.map((s) => (
          <li
            key={s.key}
            className={`trk__step ${s.done ? 'trk__step--done' : 'trk__step--todo'}`}
            data-step={s.key}
            data-done={s.done ? 'true' : 'false'}
          >
            <span className="trk__label" data-step-reason={s.reason ?? undefined}>
              {s.reason ? label(`step_${s.reason}`, s.label) : label(`step_${s.key}`, s.label)}
            </span>
            {s.at ? <span className="trk__at muted"> · {formatDateTime(s.at)}</span> : null}
            {s.detail ? <span className="trk__detail">{s.detail}</span> : null}
          </li>
        ))}
      </ol>
      {!compact && d ? (
        <div className="trk__delivery" data-delivery={d.method}>
          {d.method === 'manual_rider' ? (
            <p>
              {t('rider')} <strong data-rider="">{d.riderName ?? '-'}</strong>
              {d.riderPhone ? (
                <>
                  {' · '}
                  <a href={`tel:+${d.riderPhone.replace(/^\+/, '')}`}>{d.riderPhone}</a>
                </>
              ) : null}
            </p>
          ) : d.agent ? (
            <p data-agent={d.agent.id}>
              {t('pickupPoint')} <strong>{d.agent.name ?? d.agent.id}</strong>
              {d.agent.landmark ? `, ${d.agent.landmark}` : ''}
              {agentHours ? <span className="trk__detail">{t('openHours', { hours: agentHours })}</span> : null}
            </p>
          ) : null}
          {d.events.length > 0 ? (
            <ul className="trk__scans" aria-label={t('deliveryUpdates')}>
              {d.events.map((e, i) => (
                <li key={i} data-scan={e.status}>
                  {label(`scan_${e.status}`, e.label)} <span className="muted">· {formatDateTime(e.at)}</span>
                  {e.source.startsWith('partner') ? <span className="muted"> {t('partner')}</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
