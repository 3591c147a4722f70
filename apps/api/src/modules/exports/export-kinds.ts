import { addDays, daysBetween } from '@sokoni/contracts';
import type { ExportKind } from '@sokoni/db';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';

/**
 * The accountant's exports: what each one is, its columns (in file order) and the filters it
 * takes. Everything else about a kind (its SQL) is in exports.repository.ts.
 */
export const EXPORT_KINDS = ['orders', 'payments', 'refunds', 'payouts', 'stock', 'reconciliation'] as const;
export type { ExportKind };

/** One file covers at most a year (a leap year's 366 days, both ends included). */
export const MAX_RANGE_DAYS = 366;

export const EXPORT_COLUMNS: Record<ExportKind, readonly string[]> = {
  // One row per order line; the order's own columns repeat on each of its lines.
  orders: [
    'order_number',
    'created_at',
    'status',
    'channel',
    'customer_name',
    'phone',
    'area',
    'delivery_method',
    'coupon_code',
    'subtotal_kes',
    'delivery_fee_kes',
    'discount_kes',
    'vat_kes',
    'total_kes',
    'line',
    'sku',
    'item',
    'options',
    'unit_price_kes',
    'quantity',
    'line_total_kes',
  ],
  payments: [
    'created_at',
    'resolved_at',
    'order_number',
    'method',
    'status',
    'outcome',
    'amount_kes',
    'paid_amount_kes',
    'refunded_kes',
    'mpesa_receipt',
    'phone',
    'result_code',
    'result_desc',
  ],
  refunds: [
    'created_at',
    'resolved_at',
    'order_number',
    'payment_receipt',
    'amount_kes',
    'method',
    'status',
    'reason',
    'mpesa_transaction',
    'result_desc',
  ],
  payouts: ['day', 'payments_received', 'received_kes', 'refunds_completed', 'refunded_kes', 'net_to_settle_kes'],
  stock: ['created_at', 'sku', 'product', 'movement', 'quantity', 'reason', 'order_number'],
  reconciliation: [
    'day',
    'line',
    'orders',
    'paid_orders',
    'attempts',
    'paid_attempts',
    'failed_attempts',
    'open_attempts',
    'received_kes',
    'refunded_kes',
    'exceptions',
    'exception_kind',
    'order_number',
    'mpesa_receipt',
    'detail',
  ],
};

const ORDER_STATUSES = [
  'pending_payment',
  'paid',
  'packed',
  'dispatched',
  'delivered',
  'cancelled',
  'refunded',
] as const;
const PAYMENT_STATUSES = ['initiating', 'pending', 'paid', 'failed', 'refunded'] as const;
const REFUND_STATUSES = ['requested', 'pending', 'completed', 'failed'] as const;
const MOVEMENTS = ['restock', 'sale', 'adjustment', 'return', 'reserve', 'release'] as const;

/** `a,b` or a repeated parameter (`?status=a&status=b`) -> a list of known values, duplicates dropped. */
function listOf<T extends string>(values: readonly [T, ...T[]]) {
  return z
    .preprocess(
      (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v),
      z.array(z.enum(values, { message: `one or more of: ${values.join(', ')}` })).min(1),
    )
    .transform((list) => [...new Set(list)])
    .optional();
}

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    {
      message: 'not a calendar day',
    },
  );

const range = { from: day, to: day };

const FILTERS = {
  orders: { status: listOf(ORDER_STATUSES), channel: listOf(['web', 'whatsapp', 'link']) },
  payments: { status: listOf(PAYMENT_STATUSES), method: listOf(['stk', 'c2b']) },
  refunds: { status: listOf(REFUND_STATUSES) },
  payouts: {},
  stock: { movement: listOf(MOVEMENTS) },
  reconciliation: {},
} as const;

export interface ExportParams {
  from: string;
  to: string;
  status?: string[];
  channel?: string[];
  method?: string[];
  movement?: string[];
}

/**
 * The parameters a kind accepts: from/to (Nairobi days, both included) and its own filters.
 * Strict, so a filter another kind takes (say `movement` on orders) is refused by name.
 */
export function exportParamsSchema(kind: ExportKind): z.ZodType<ExportParams> {
  return z
    .object({ ...range, ...FILTERS[kind] })
    .strict()
    .superRefine((p, ctx) => {
      if (p.to < p.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be on or after from' });
      else if (daysBetween(p.from, p.to) + 1 > MAX_RANGE_DAYS)
        ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_RANGE_DAYS} days from from` });
    });
}

const filterValues = z.union([z.string(), z.array(z.string())]).optional();
/**
 * Every kind's parameters together, as the OpenAPI document shows them (each kind takes from/to
 * and its own filters: orders status, channel; payments status, method; refunds status; stock
 * movement). The handler parses with this first, then with the kind's strict schema (paramsFor).
 */
export const exportParamsDocSchema = z
  .object({
    from: day,
    to: day,
    status: filterValues,
    channel: filterValues,
    method: filterValues,
    movement: filterValues,
  })
  .passthrough();

/** The kind's own parameters (strict: another kind's filter is refused by name). */
export function paramsFor(kind: ExportKind, raw: unknown, where: 'query' | 'body'): ExportParams {
  return parseInput(exportParamsSchema(kind), raw, where);
}

export const exportKindSchema = z.enum(EXPORT_KINDS, { message: `one of: ${EXPORT_KINDS.join(', ')}` });

/** [from 00:00, day after to 00:00) in Nairobi (UTC+3 all year, no daylight saving). */
export function nairobiBounds(p: Pick<ExportParams, 'from' | 'to'>): { start: Date; end: Date } {
  return { start: new Date(`${p.from}T00:00:00+03:00`), end: new Date(`${addDays(p.to, 1)}T00:00:00+03:00`) };
}
