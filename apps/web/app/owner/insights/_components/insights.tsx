import type { OwnerRole } from '@/lib/owner-session';
import { channelLabel, formatKes, formatNumber } from '@/lib/owner-format';
import {
  canDismissInsights,
  dayLabel,
  formatPct,
  keyNumbers,
  pct,
  PERIOD_LABELS,
  PERIODS,
  type InsightList,
  type Live,
  type Metrics,
  type Period,
} from '@/lib/owner-insights';
import { BarList, ColumnChart, StackBar } from '@/lib/svg-charts';

/** Day / week / month as three links (no JavaScript): the page reads ?period=. */
export function PeriodToggle({ period }: { period: Period }) {
  return (
    <nav className="i-toggle" aria-label="Period" data-period-toggle="">
      {PERIODS.map((p) => (
        <a key={p} href={`/owner?period=${p}`} aria-current={p === period ? 'true' : undefined} data-period={p}>
          {PERIOD_LABELS[p]}
        </a>
      ))}
    </nav>
  );
}

/**
 * Today, as it happens: shoppers and funnel steps in the last 30 minutes (the collector's Redis
 * stream). Server-rendered like the rest; reloading the page refreshes it.
 */
export function LiveNow({ live }: { live: Live }) {
  const steps = [
    { key: 'sessions', label: live.activeSessions === 1 ? 'shopper' : 'shoppers', n: live.activeSessions },
    { key: 'carts', label: 'added to cart', n: live.carts },
    { key: 'checkouts', label: 'at checkout', n: live.checkouts },
    { key: 'paid', label: 'paid', n: live.paid },
  ];
  return (
    <p className="i-live" data-live="">
      <span className="i-live__title">Right now</span>
      {steps.map((s) => (
        <span key={s.key} className="i-live__step" data-live-step={s.key}>
          <strong>
            {formatNumber(s.n)}
            {live.complete ? '' : '+'}
          </strong>{' '}
          {s.label}
        </span>
      ))}
      <span className="i-live__note">in the last {live.windowMinutes} minutes</span>
    </p>
  );
}

/** "18 Nov – 24 Nov" (or one day). */
function windowText(w: { from: string; to: string }): string {
  return w.from === w.to ? dayLabel(w.from) : `${dayLabel(w.from)} – ${dayLabel(w.to)}`;
}

/**
 * The API's advice for the period, most KES at stake first: headline, body, the numbers behind
 * it, one action, and (owner/admin) a Dismiss button.
 */
export function InsightCards({ list, period, role }: { list: InsightList; period: Period; role: OwnerRole }) {
  if (!list.cards.length) {
    return (
      <p className="o-muted" data-insights-empty="">
        Not enough data yet for advice. Cards appear once your shop has enough views, checkouts and orders in{' '}
        {PERIOD_LABELS[period].toLowerCase()}.
      </p>
    );
  }
  const dismiss = canDismissInsights(role);
  return (
    <ol className="i-cards" data-insights="">
      {list.cards.map((card) => {
        const numbers = keyNumbers(card);
        return (
          <li key={card.id} className="i-card" data-card={card.id} data-rule={card.rule}>
            <h3 className="i-card__headline">{card.headline}</h3>
            <p className="i-card__body">{card.body}</p>
            {numbers.length ? (
              <dl className="i-card__numbers">
                {numbers.map((n) => (
                  <div key={n.key} data-number={n.key}>
                    <dt>{n.label}</dt>
                    <dd>{n.value}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
            <div className="i-card__actions">
              <a className="o-button i-card__action" href={card.action.href} data-action="">
                {card.action.label}
              </a>
              {dismiss ? (
                <form method="post" action={`/owner/insights/${card.id}/dismiss`}>
                  <input type="hidden" name="period" value={period} />
                  <button type="submit" className="i-card__dismiss" data-dismiss={card.id}>
                    Dismiss
                  </button>
                </form>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function Chart({
  id,
  title,
  note,
  children,
}: {
  id: string;
  title: string;
  note?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <figure className="c-chart" data-chart={id} aria-labelledby={`chart-${id}`}>
      <figcaption id={`chart-${id}`} className="c-title">
        {title}
      </figcaption>
      {note ? <p className="c-note">{note}</p> : null}
      {children}
    </figure>
  );
}

/** The period's charts: revenue and orders by day, funnel, products, areas, channels, M-Pesa. */
export function Charts({ metrics, period }: { metrics: Metrics; period: Period }) {
  const { totals, funnel, mpesa } = metrics;
  const days = metrics.revenue.map((d) => ({ ...d, label: dayLabel(d.day) }));
  const steps = [
    { label: 'Viewed a product', value: funnel.views },
    { label: 'Added to cart', value: funnel.carts },
    { label: 'Started checkout', value: funnel.checkouts },
    { label: 'Paid', value: funnel.paid },
  ];
  const channelRevenue = metrics.channels.reduce((s, c) => s + c.revenueKes, 0);
  const channelOrders = metrics.channels.reduce((s, c) => s + c.paidOrders, 0);
  const byKes = channelRevenue > 0;
  return (
    <>
      <p className="c-period" data-window={`${metrics.window.from}/${metrics.window.to}`}>
        {PERIOD_LABELS[period]} ({windowText(metrics.window)})
      </p>
      <ul className="c-totals">
        <li data-total="revenue">
          <strong>{formatKes(totals.revenueKes)}</strong>
          <span>Revenue</span>
        </li>
        <li data-total="paid-orders">
          <strong>{formatNumber(totals.paidOrders)}</strong>
          <span>Paid orders</span>
        </li>
        <li data-total="average">
          <strong>{formatKes(totals.averageOrderKes ?? 0)}</strong>
          <span>Average order</span>
        </li>
      </ul>

      <Chart id="revenue" title="Revenue per day" note={period === 'day' ? 'The 7 days ending yesterday.' : undefined}>
        <ColumnChart
          id="revenue"
          title="Revenue per day"
          format={formatKes}
          points={days.map((d) => ({ label: d.label, value: d.revenueKes }))}
        />
      </Chart>

      <Chart id="orders" title="Orders per day">
        <ColumnChart
          id="orders"
          title="Orders per day"
          height={150}
          points={days.map((d) => ({ label: d.label, value: d.orders }))}
        />
      </Chart>

      <Chart
        id="funnel"
        title="From looking to paying"
        note={`${formatPct(funnel.checkoutToPaidPct)} of checkouts were paid; ${formatPct(funnel.sessionToPaidPct)} of ${formatNumber(funnel.sessions)} visits ended in a payment.`}
      >
        <BarList
          id="funnel"
          title="From looking to paying"
          max={Math.max(1, funnel.views)}
          rows={steps.map((s, i) => ({
            label: i === 0 ? s.label : `${s.label} (${formatPct(pct(s.value, steps[i - 1]!.value))} of previous)`,
            value: s.value,
          }))}
        />
      </Chart>

      <Chart id="products" title="Top products by revenue">
        {metrics.topProducts.length ? (
          <BarList
            id="products"
            title="Top products by revenue"
            rows={metrics.topProducts.map((p) => ({
              label: `${p.title} (${formatNumber(p.unitsSold)} sold)`,
              value: p.revenueKes,
              text: formatKes(p.revenueKes),
            }))}
          />
        ) : (
          <p className="o-muted">No products sold in this period.</p>
        )}
      </Chart>

      <Chart id="areas" title="Sales by area">
        {metrics.areas.length ? (
          <BarList
            id="areas"
            title="Sales by area"
            rows={metrics.areas.map((a) => ({
              label: `${a.name} (${formatNumber(a.paidOrders)} paid)`,
              value: a.revenueKes,
              text: formatKes(a.revenueKes),
            }))}
          />
        ) : (
          <p className="o-muted">No sales with a delivery area in this period.</p>
        )}
      </Chart>

      <Chart
        id="channels"
        title="Web vs WhatsApp"
        note={byKes ? 'Share of revenue by where the order came from.' : undefined}
      >
        <BarList
          id="channels"
          title="Web vs WhatsApp"
          max={Math.max(1, byKes ? channelRevenue : channelOrders)}
          rows={metrics.channels.map((c) => ({
            label: `${channelLabel(c.channel)} (${formatNumber(c.paidOrders)} paid)`,
            value: byKes ? c.revenueKes : c.paidOrders,
            text: `${formatKes(c.revenueKes)} · ${formatPct(byKes ? pct(c.revenueKes, channelRevenue) : pct(c.paidOrders, channelOrders))}`,
          }))}
        />
      </Chart>

      <Chart id="mpesa" title="M-Pesa success rate">
        <p className="c-big" data-mpesa-rate="">
          <strong>{formatPct(mpesa.successRatePct)}</strong> of {formatNumber(mpesa.attempts)} M-Pesa prompts were paid
        </p>
        <StackBar
          id="mpesa"
          title="M-Pesa prompts"
          parts={[
            { label: 'Paid', value: mpesa.paid, tone: 'ok' },
            { label: 'Cancelled', value: mpesa.cancelled, tone: 'warn' },
            { label: 'Timed out', value: mpesa.timeout, tone: 'muted' },
            { label: 'Failed', value: mpesa.failed, tone: 'bad' },
          ]}
        />
        <ul className="c-legend">
          <li>
            <i className="c-dot c-dot--ok" />
            Paid {formatNumber(mpesa.paid)}
          </li>
          <li>
            <i className="c-dot c-dot--warn" />
            Cancelled {formatNumber(mpesa.cancelled)}
          </li>
          <li>
            <i className="c-dot c-dot--muted" />
            Timed out {formatNumber(mpesa.timeout)}
          </li>
          <li>
            <i className="c-dot c-dot--bad" />
            Failed {formatNumber(mpesa.failed)}
          </li>
        </ul>
      </Chart>
    </>
  );
}
