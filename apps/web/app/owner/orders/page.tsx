import { can as roleCan, ownerOrderListSchema } from '@sokoni/contracts';
import { Shell, ProblemBox, StatusBadge } from '../_components/shell';
import { getAreas } from '@/lib/api';
import { channelLabel, CHANNELS, formatKes, ORDER_STATUSES, plural, statusLabel, when } from '@/lib/owner-format';
import { ownerPage, param, pathWith, type OwnerPageProps } from '@/lib/owner-page';
import { forwardedFrom } from '@/lib/request';
import { headers } from 'next/headers';
import { CashToCollect } from './_components/cash-to-collect';

const PAGE_SIZE = 25;
const AREA_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Orders, newest first, filtered by status, area and channel (a GET form: the filters live in the
 * URL, so Back and bookmarks work), with "Older orders" following the API's cursor.
 */
export default async function OrdersPage({ searchParams }: OwnerPageProps) {
  const search = await searchParams;
  const status = ORDER_STATUSES.find((s) => s === param(search, 'status'));
  const channel = CHANNELS.find((c) => c === param(search, 'channel'));
  const rawArea = param(search, 'area') ?? '';
  const area = AREA_RE.test(rawArea) && rawArea.length <= 60 ? rawArea : undefined;
  const rawCursor = param(search, 'cursor') ?? '';
  const cursor = /^\d{1,10}$/.test(rawCursor) ? rawCursor : undefined;
  const filters = { status, area, channel };
  const here = pathWith('/owner/orders', { ...filters, cursor });
  const { api, session, flash } = await ownerPage(here, search);

  const qs = new URLSearchParams({ limit: String(PAGE_SIZE) });
  for (const [k, v] of Object.entries({ ...filters, cursor })) if (v) qs.set(k, v);
  const [answer, areas] = await Promise.all([
    api.get(`/v1/owner/orders?${qs}`, ownerOrderListSchema),
    getAreas(forwardedFrom(await headers())).catch(() => []),
  ]);
  const filtered = Boolean(status || area || channel);

  return (
    <Shell session={session} tab="orders" title="Orders" flash={flash}>
      <p className="o-page-actions">
        <a href="/owner/inbox" data-inbox-link>
          WhatsApp inbox
        </a>
        {roleCan(session.role, 'audit.read') ? (
          <a href="/owner/payments/reconciliation" data-reconciliation-link>
            M-Pesa reconciliation
          </a>
        ) : null}
      </p>
      {/* Pay on delivery: what each rider still has to bring back. */}
      <CashToCollect api={api} />
      <form method="get" action="/owner/orders" className="o-filters" aria-label="Filter orders">
        <label>
          Status
          <select name="status" defaultValue={status ?? ''}>
            <option value="">All</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Area
          <select name="area" defaultValue={area ?? ''}>
            <option value="">All areas</option>
            {areas.map((a) => (
              <option key={a.slug} value={a.slug}>
                {a.name}
              </option>
            ))}
            {area && !areas.some((a) => a.slug === area) ? <option value={area}>{area}</option> : null}
          </select>
        </label>
        <label>
          Channel
          <select name="channel" defaultValue={channel ?? ''}>
            <option value="">All</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {channelLabel(c)}
              </option>
            ))}
          </select>
        </label>
        <div className="o-filters__go">
          <button type="submit" className="o-button">
            Show
          </button>
          {filtered ? <a href="/owner/orders">Clear</a> : null}
        </div>
      </form>

      {!answer.ok ? (
        <ProblemBox problem={answer.problem} what="orders" />
      ) : answer.data.items.length === 0 ? (
        <p className="o-muted">
          {filtered
            ? 'No orders match these filters.'
            : 'No orders yet. Share your store link on WhatsApp to get the first one.'}
        </p>
      ) : (
        <>
          <ul className="o-list" data-orders>
            {answer.data.items.map((o) => {
              const area = areas.find((a) => a.slug === o.areaSlug)?.name ?? o.areaSlug;
              return (
                <li key={o.id}>
                  <a href={`/owner/orders/${o.number}`} className="o-order" data-order={o.number}>
                    <span className="o-order__top">
                      <strong>#{o.number}</strong>
                      <StatusBadge status={o.status} />
                    </span>
                    <span className="o-order__mid">
                      {o.customerName} · {area}
                    </span>
                    <span className="o-order__bottom">
                      <span>
                        {when(o.createdAt)} · {channelLabel(o.channel)} ·{' '}
                        {plural(
                          o.items.reduce((n, i) => n + i.quantity, 0),
                          'item',
                        )}
                      </span>
                      <strong>{formatKes(o.totalKes)}</strong>
                    </span>
                  </a>
                </li>
              );
            })}
          </ul>
          <p className="o-pager">
            {cursor ? <a href={pathWith('/owner/orders', filters)}>Newest</a> : <span />}
            {answer.data.nextCursor ? (
              <a href={pathWith('/owner/orders', { ...filters, cursor: String(answer.data.nextCursor) })} rel="next">
                Older orders →
              </a>
            ) : null}
          </p>
        </>
      )}
    </Shell>
  );
}
