/**
 * Tiny server-rendered SVG charts (no library, no client JS): a column chart for values over
 * time and ranked horizontal bars. Each is one <svg role="img"> with a <title> and aria-label,
 * sized by viewBox so it scales to the phone's width; every bar is a <rect data-bar>.
 */
import { formatNumber } from './format';

export interface Point {
  label: string;
  value: number;
}

/** A round number >= max for the axis top (1, 2, 2.5, 5 x 10^n). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

const W = 360;

/** Values over time as columns, y axis labelled with `format` (0, half, top). */
export function ColumnChart({
  title,
  points,
  format = formatNumber,
  id,
  height = 180,
}: {
  title: string;
  points: Point[];
  format?: (n: number) => string;
  id: string;
  height?: number;
}) {
  const left = 84;
  const right = 8;
  const top = 10;
  const bottom = 24;
  const plotW = W - left - right;
  const plotH = height - top - bottom;
  const top_ = niceMax(Math.max(0, ...points.map((p) => p.value)));
  const step = points.length ? plotW / points.length : plotW;
  const barW = Math.max(1, step * 0.7);
  const y = (v: number) => top + plotH - (v / top_) * plotH;
  // Some day labels: first, last and a few between, so 30 days stay readable at 360 px.
  const every = Math.max(1, Math.ceil(points.length / 6));
  const summary = points.map((p) => `${p.label}: ${format(p.value)}`).join(', ');
  return (
    <svg viewBox={`0 0 ${W} ${height}`} className="c-svg" role="img" aria-label={`${title}. ${summary}`} data-svg={id}>
      <title>{`${title}: ${summary}`}</title>
      {[0, top_ / 2, top_].map((v) => (
        <g key={v} className="c-grid">
          <line x1={left} x2={W - right} y1={y(v)} y2={y(v)} />
          <text x={left - 6} y={y(v) + 4} textAnchor="end" className="c-axis">
            {format(v)}
          </text>
        </g>
      ))}
      {points.map((p, i) => {
        const x = left + i * step + (step - barW) / 2;
        const h = Math.max(0, (p.value / top_) * plotH);
        return (
          <g key={`${p.label}-${i}`}>
            <rect
              data-bar=""
              className="c-bar"
              x={x}
              y={top + plotH - h}
              width={barW}
              height={h}
              rx={Math.min(2, barW / 4)}
            >
              <title>{`${p.label}: ${format(p.value)}`}</title>
            </rect>
            {i % every === 0 || i === points.length - 1 ? (
              <text x={x + barW / 2} y={height - 6} textAnchor="middle" className="c-axis">
                {p.label}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

export interface BarRow {
  label: string;
  value: number;
  /** What is written at the bar's end (default: the value). */
  text?: string;
}

/** Cuts a label so it does not run into the value at the bar's end (SVG text does not wrap). */
function fit(label: string, valueText: string): string {
  const room = Math.floor((W - 16 - valueText.length * 7.2) / 6.6);
  return label.length <= room ? label : `${label.slice(0, Math.max(4, room - 1)).trimEnd()}…`;
}

/** Ranked horizontal bars: the label above each bar, the value at its end. */
export function BarList({ title, rows, id, max }: { title: string; rows: BarRow[]; id: string; max?: number }) {
  const rowH = 36;
  const height = Math.max(rowH, rows.length * rowH) + 4;
  const top_ = max ?? Math.max(1, ...rows.map((r) => r.value));
  const barMax = W - 4;
  const summary = rows.map((r) => `${r.label}: ${r.text ?? formatNumber(r.value)}`).join(', ');
  return (
    <svg viewBox={`0 0 ${W} ${height}`} className="c-svg" role="img" aria-label={`${title}. ${summary}`} data-svg={id}>
      <title>{`${title}: ${summary}`}</title>
      {rows.map((r, i) => {
        const y = i * rowH;
        const w = top_ > 0 ? Math.max(r.value > 0 ? 2 : 0, (r.value / top_) * barMax) : 0;
        return (
          <g key={`${r.label}-${i}`}>
            <text x={2} y={y + 13} className="c-label">
              {fit(r.label, r.text ?? formatNumber(r.value))}
            </text>
            <text x={W - 2} y={y + 13} textAnchor="end" className="c-value">
              {r.text ?? formatNumber(r.value)}
            </text>
            <rect className="c-track" x={2} y={y + 18} width={barMax} height={12} rx={3} />
            <rect data-bar="" className="c-bar" x={2} y={y + 18} width={w} height={12} rx={3} />
          </g>
        );
      })}
    </svg>
  );
}

/** One bar split into parts (e.g. M-Pesa prompts: paid, cancelled, timed out, failed). */
export function StackBar({
  title,
  parts,
  id,
}: {
  title: string;
  parts: { label: string; value: number; tone: string }[];
  id: string;
}) {
  const total = parts.reduce((s, p) => s + p.value, 0);
  const barW = W - 4;
  let x = 2;
  const summary = parts.map((p) => `${p.label}: ${formatNumber(p.value)}`).join(', ');
  return (
    <svg viewBox={`0 0 ${W} 20`} className="c-svg" role="img" aria-label={`${title}. ${summary}`} data-svg={id}>
      <title>{`${title}: ${summary}`}</title>
      <rect className="c-track" x={2} y={2} width={barW} height={16} rx={4} />
      {parts.map((p) => {
        const w = total > 0 ? (p.value / total) * barW : 0;
        const rect = (
          <rect key={p.label} data-bar="" className={`c-bar c-bar--${p.tone}`} x={x} y={2} width={w} height={16} />
        );
        x += w;
        return rect;
      })}
    </svg>
  );
}
