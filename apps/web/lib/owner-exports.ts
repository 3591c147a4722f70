import { EXPORT_KIND_NAMES, type ExportKindName, type OwnerExport } from '@sokoni/contracts';

export const EXPORTS_PAGE = '/owner/exports';

/** What each export is, in the owner's words. */
export const EXPORT_KINDS: { value: ExportKindName; label: string; hint: string }[] = [
  { value: 'orders', label: 'Orders with lines', hint: 'One row per item sold: order, customer, amounts, VAT.' },
  { value: 'payments', label: 'M-Pesa payments', hint: 'Every payment attempt with its M-Pesa receipt.' },
  { value: 'refunds', label: 'Refunds', hint: 'Refunds asked for and paid out, with M-Pesa references.' },
  { value: 'payouts', label: 'Payouts to settle', hint: 'Per day: money received minus refunds paid out.' },
  { value: 'stock', label: 'Stock movements', hint: 'Restocks, sales, adjustments and returns per SKU.' },
  { value: 'reconciliation', label: 'Daily reconciliation', hint: 'Each day’s totals and the exceptions to act on.' },
];

/** One optional filter: the API's `status` (orders, payments, refunds) or `movement` (stock). */
export const EXPORT_FILTERS: { group: string; kind: ExportKindName; options: { value: string; label: string }[] }[] = [
  {
    group: 'Order status',
    kind: 'orders',
    options: ['pending_payment', 'paid', 'packed', 'dispatched', 'delivered', 'cancelled', 'refunded'].map(opt),
  },
  { group: 'Payment state', kind: 'payments', options: ['paid', 'failed', 'pending', 'refunded'].map(opt) },
  { group: 'Refund state', kind: 'refunds', options: ['completed', 'pending', 'requested', 'failed'].map(opt) },
  { group: 'Stock movement', kind: 'stock', options: ['restock', 'sale', 'adjustment', 'return'].map(opt) },
];

function opt(value: string) {
  return { value, label: value.replace(/_/g, ' ') };
}

export function isExportKind(value: string | null): value is ExportKindName {
  return (EXPORT_KIND_NAMES as readonly string[]).includes(value ?? '');
}

/** The API query of an export from the page's form: from, to and the filter under its API name. */
export function exportQuery(form: URLSearchParams): { kind: ExportKindName | null; query: Record<string, string> } {
  const kind = form.get('kind');
  const query: Record<string, string> = { from: form.get('from') ?? '', to: form.get('to') ?? '' };
  const filter = (form.get('filter') ?? '').trim();
  if (filter) {
    // The filter's value says which kind it belongs to ("orders:paid"); the API names a mismatch.
    const [, value = filter] = filter.split(':', 2);
    query[kind === 'stock' ? 'movement' : 'status'] = value;
  }
  return { kind: isExportKind(kind) ? kind : null, query };
}

/** The page's own proxy of a signed API link (/v1/exports/files/... -> /owner/exports/files/...). */
export function downloadHref(e: OwnerExport): string | null {
  return e.download ? e.download.path.replace(/^\/v1\/exports\/files\//, '/owner/exports/files/') : null;
}

export function statusText(e: OwnerExport): string {
  switch (e.status) {
    case 'queued':
      return 'Waiting to start';
    case 'running':
      return `Writing: ${e.rowsDone.toLocaleString('en-KE')} of about ${e.rowsEstimate.toLocaleString('en-KE')} rows`;
    case 'done':
      return e.expired
        ? 'Ready, but the link has expired: start the export again'
        : `Ready: ${e.rowsDone.toLocaleString('en-KE')} rows`;
    case 'failed':
      return `Failed: ${e.error ?? 'start it again'}`;
  }
}
