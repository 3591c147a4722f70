import { formatNairobiDateTime, type OrderTracking as Tracking } from '@sokoni/contracts';

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
  const d = tracking.delivery;
  const agentHours = d?.agent ? hours[d.agent.id] : undefined;
  return (
    <div className="trk" data-tracking={tracking.number}>
      <ol
        className={compact ? 'trk__steps acct-timeline' : 'trk__steps'}
        aria-label={`Progress of order #${tracking.number}`}
      >
        {tracking.steps.map((s) => (
          <li
            key={s.key}
            className={`trk__step ${s.done ? 'trk__step--done' : 'trk__step--todo'}`}
            data-step={s.key}
            data-done={s.done ? 'true' : 'false'}
          >
            <span className="trk__label">{s.label}</span>
            {s.at ? <span className="trk__at muted"> · {formatNairobiDateTime(s.at)}</span> : null}
            {s.detail ? <span className="trk__detail">{s.detail}</span> : null}
          </li>
        ))}
      </ol>
      {!compact && d ? (
        <div className="trk__delivery" data-delivery={d.method}>
          {d.method === 'manual_rider' ? (
            <p>
              Rider: <strong data-rider="">{d.riderName ?? '-'}</strong>
              {d.riderPhone ? (
                <>
                  {' · '}
                  <a href={`tel:+${d.riderPhone.replace(/^\+/, '')}`}>{d.riderPhone}</a>
                </>
              ) : null}
            </p>
          ) : d.agent ? (
            <p data-agent={d.agent.id}>
              Pickup point: <strong>{d.agent.name ?? d.agent.id}</strong>
              {d.agent.landmark ? `, ${d.agent.landmark}` : ''}
              {agentHours ? <span className="trk__detail">Open: {agentHours}</span> : null}
            </p>
          ) : null}
          {d.events.length > 0 ? (
            <ul className="trk__scans" aria-label="Delivery updates">
              {d.events.map((e, i) => (
                <li key={i} data-scan={e.status}>
                  {e.label} <span className="muted">· {formatNairobiDateTime(e.at)}</span>
                  {e.source.startsWith('partner') ? <span className="muted"> (delivery partner)</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
