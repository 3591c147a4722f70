import type { SummaryRow } from '@/lib/checkout';

/**
 * Order summary rows (subtotal, delivery, each discount, total, VAT). The checkout island redraws
 * the same markup from GET <store>/checkout/preview: keep the two in step (islands/checkout.ts).
 * `data-kes` carries each line's amount for tests and screen-reader-free checks.
 */
export function Summary({ rows, island = false }: { rows: SummaryRow[]; island?: boolean }) {
  return (
    <dl className="sum" data-summary={island ? '' : undefined} aria-live={island ? 'polite' : undefined}>
      {rows.map((r) => (
        <div key={r.key} className={`sum__row sum__row--${r.kind}`} data-row={r.key} data-kes={r.kes}>
          <dt>{r.label}</dt>
          <dd>{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}
