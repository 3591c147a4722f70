import '../../styles/insights.css';
import { Shell, ProblemBox, StatusBadge } from './_components/shell';
import { InsightCards, LiveNow, PeriodToggle, Charts } from './insights/_components/insights';
import type { OwnerAnswer } from '@/lib/owner-api';
import { ownerPage, param, type OwnerPageProps } from '@/lib/owner-page';
import { periodParam } from '@/lib/owner-insights';
import {
  insightListSchema,
  insightMetricsSchema,
  liveCountersSchema,
  OPEN_ORDER_STATUSES,
  ownerOrderListSchema,
  PAID_ORDER_STATUSES as PAID,
} from '@sokoni/contracts';
import type { Order, OrderList } from '@/lib/owner-data';
import { formatKes, isToday, ORDER_STATUSES } from '@/lib/owner-format';

const PAGE = 100;
/** A very busy day is still a few hundred orders: stop reading after this many. */
const MAX_PAGES = 5;

/** Today's orders (Nairobi day), newest first, read page by page until yesterday begins. */
async function todaysOrders(get: (path: string) => Promise<OwnerAnswer<OrderList>>) {
  const orders: Order[] = [];
  let cursor: number | null = null;
  for (let i = 0; i < MAX_PAGES; i++) {
    const answer = await get(`/v1/owner/orders?limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`);
    if (!answer.ok) return answer;
    const today = answer.data.items.filter((o) => isToday(o.createdAt));
    orders.push(...today);
    cursor = answer.data.nextCursor;
    if (today.length < answer.data.items.length || cursor === null) break;
  }
  return { ok: true as const, data: orders };
}

/**
 * The owner's home: a day/week/month toggle, insight cards (advice with the numbers behind it),
 * charts for the period (server-rendered SVG), what needs doing now (orders to pack, to send
 * out, on the road) and today's orders by status, each a link to the filtered order list.
 */
export default async function OwnerHome({ searchParams }: OwnerPageProps) {
  const search = await searchParams;
  const period = periodParam(param(search, 'period'));
  const { api, session, flash } = await ownerPage(
    param(search, 'period') ? `/owner?period=${period}` : '/owner',
    search,
  );
  const [live, insights, metrics, today, ...waiting] = await Promise.all([
    api.get('/v1/owner/insights/live', liveCountersSchema),
    api.get(`/v1/owner/insights?period=${period}`, insightListSchema),
    api.get(`/v1/owner/insights/metrics?period=${period}`, insightMetricsSchema),
    todaysOrders((path) => api.get(path, ownerOrderListSchema)),
    ...OPEN_ORDER_STATUSES.map((status) =>
      api.get(`/v1/owner/orders?status=${status}&limit=100`, ownerOrderListSchema),
    ),
  ]);
  const todo = [
    { status: 'paid', label: 'To pack', answer: waiting[0]! },
    { status: 'packed', label: 'To send out', answer: waiting[1]! },
    { status: 'dispatched', label: 'On the road', answer: waiting[2]! },
  ];

  return (
    <Shell session={session} tab="home" title="Today" flash={flash}>
      {/* DESIGN §7: right now, the period, insight cards first, then charts; today's work below. */}
      {live.ok ? <LiveNow live={live.data} /> : null}
      <PeriodToggle period={period} />
      <section className="o-insights" data-slot="insight-cards" aria-labelledby="insights-h">
        <h2 id="insights-h">What to do next</h2>
        {insights.ok ? (
          <InsightCards list={insights.data} period={period} role={session.role} />
        ) : (
          <ProblemBox problem={insights.problem} what="insights" />
        )}
      </section>

      <section className="c-charts" data-slot="charts" aria-labelledby="charts-h">
        <h2 id="charts-h">Your numbers</h2>
        {metrics.ok ? (
          <Charts metrics={metrics.data} period={period} />
        ) : (
          <ProblemBox problem={metrics.problem} what="charts" />
        )}
      </section>

      <section aria-labelledby="todo-h">
        <h2 id="todo-h">Needs you now</h2>
        <ul className="o-tiles">
          {todo.map((t) => (
            <li key={t.status}>
              <a href={`/owner/orders?status=${t.status}`} className="o-tile" data-todo={t.status}>
                <strong>
                  {t.answer.ok ? `${t.answer.data.items.length}${t.answer.data.nextCursor ? '+' : ''}` : '–'}
                </strong>
                <span>{t.label}</span>
              </a>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="today-h">
        <h2 id="today-h">Today&apos;s orders</h2>
        {!today.ok ? (
          <ProblemBox problem={today.problem} what="today's orders" />
        ) : today.data.length === 0 ? (
          <p className="o-muted">No orders yet today.</p>
        ) : (
          <>
            <p>
              {today.data.length} {today.data.length === 1 ? 'order' : 'orders'},{' '}
              {formatKes(today.data.filter((o) => PAID.has(o.status)).reduce((s, o) => s + o.totalKes, 0))} paid
            </p>
            <ul className="o-rows">
              {ORDER_STATUSES.map((status) => {
                const n = today.data.filter((o) => o.status === status).length;
                if (!n) return null;
                return (
                  <li key={status}>
                    <a href={`/owner/orders?status=${status}`} className="o-row" data-today={status}>
                      <StatusBadge status={status} />
                      <span className="o-row__end">{n}</span>
                    </a>
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </section>
    </Shell>
  );
}
