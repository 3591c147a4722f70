import type {
  CouponStatus,
  CouponUsage,
  OwnerCoupon,
  OwnerPromotion,
  OwnerCouponBatchSummary,
} from '@sokoni/contracts';
import { ApiError } from '../../platform/api-error';
import { spreadsheetSafe } from '../../platform/spreadsheet-cell';
import type { UsageRow } from './owner-promotions.repository';

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

/** 400 validation_failed naming one body field, in the shape zod refusals have. */
export function fieldError(path: string, message: string): ApiError {
  return new ApiError(400, 'validation_failed', `${path}: ${message}`, {
    where: 'body',
    issues: [{ path, message, code: 'custom' }],
  });
}

/** A unique-key refusal on the coupon code as a 409 naming the field; anything else re-thrown. */
export function translateCouponError(error: unknown, code: string): never {
  const pg = error as { code?: string; constraint?: string };
  if (pg.code === '23505')
    throw new ApiError(409, 'conflict', `Coupon ${code} already exists in this store`, {
      field: 'code',
      reason: 'code_taken',
    });
  if (pg.code === '23514') throw new ApiError(400, 'validation_failed', 'A value is out of range', pg);
  throw error;
}

interface Windowed {
  active: boolean;
  ended_at: Date | string | null;
  starts_at: Date | string;
  ends_at: Date | string | null;
}

/** ended (by the owner) > paused > expired (window over) > scheduled > active. */
export function windowStatus(row: Windowed, now = Date.now()): 'active' | 'scheduled' | 'paused' | 'ended' | 'expired' {
  if (row.ended_at) return 'ended';
  if (!row.active) return 'paused';
  if (row.ends_at && new Date(row.ends_at).getTime() <= now) return 'expired';
  if (new Date(row.starts_at).getTime() > now) return 'scheduled';
  return 'active';
}

export const NO_USAGE: CouponUsage = { orders: 0, paidOrders: 0, discountKes: 0, revenueKes: 0 };

export function toUsage(row: UsageRow | undefined): CouponUsage {
  return row
    ? { orders: row.orders, paidOrders: row.paid_orders, discountKes: row.discount_kes, revenueKes: row.revenue_kes }
    : NO_USAGE;
}

export interface CouponRow extends Windowed {
  id: string;
  code: string;
  name: string;
  kind: 'percent' | 'fixed' | 'free_delivery';
  value: number;
  min_subtotal_kes: number;
  max_uses: number | null;
  max_uses_per_phone: number | null;
  used_count: number;
  batch_id: string | null;
}

export function toOwnerCoupon(
  row: CouponRow,
  targets: { type: 'category' | 'product'; slug: string; name: string }[],
  usage: CouponUsage,
): OwnerCoupon {
  const base = windowStatus(row);
  const status: CouponStatus =
    base === 'active' && row.max_uses !== null && row.used_count >= row.max_uses ? 'used_up' : base;
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    value: row.value,
    minSubtotalKes: row.min_subtotal_kes,
    startsAt: iso(row.starts_at),
    endsAt: isoOrNull(row.ends_at),
    maxUses: row.max_uses,
    maxUsesPerPhone: row.max_uses_per_phone,
    usedCount: row.used_count,
    status,
    batchId: row.batch_id,
    categories: targets.filter((t) => t.type === 'category').map((t) => ({ slug: t.slug, name: t.name })),
    products: targets.filter((t) => t.type === 'product').map((t) => ({ slug: t.slug, title: t.name })),
    usage,
  };
}

export function toBatchSummary(
  row: {
    id: string;
    prefix: string;
    name: string;
    kind: 'percent' | 'fixed' | 'free_delivery';
    value: number;
    count: number;
    used: number;
    created_at: Date;
    open: number;
  },
  usage: CouponUsage,
): OwnerCouponBatchSummary {
  return {
    id: row.id,
    prefix: row.prefix,
    name: row.name,
    kind: row.kind,
    value: row.value,
    count: row.count,
    used: row.used,
    createdAt: iso(row.created_at),
    status: row.open > 0 ? 'active' : 'ended',
    usage,
  };
}

export interface PromotionRow extends Windowed {
  id: string;
  name: string;
  kind: OwnerPromotion['kind'];
  percent: number | null;
  buy_qty: number | null;
  get_qty: number | null;
  min_subtotal_kes: number | null;
  category_slug: string | null;
  category_name: string | null;
  collection_slug: string | null;
  collection_name: string | null;
  product_slug: string | null;
  product_name: string | null;
}

export function toOwnerPromotion(row: PromotionRow): OwnerPromotion {
  const target =
    row.category_slug !== null
      ? { type: 'category' as const, slug: row.category_slug, name: row.category_name ?? '' }
      : row.collection_slug !== null
        ? { type: 'collection' as const, slug: row.collection_slug, name: row.collection_name ?? '' }
        : row.product_slug !== null
          ? { type: 'product' as const, slug: row.product_slug, name: row.product_name ?? '' }
          : null;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    percent: row.percent,
    buyQty: row.buy_qty,
    getQty: row.get_qty,
    minSubtotalKes: row.min_subtotal_kes,
    target,
    startsAt: iso(row.starts_at),
    endsAt: isoOrNull(row.ends_at),
    status: windowStatus(row),
  };
}

/** One CSV field: quoted when needed, and never read as a formula by a spreadsheet. */
export function csvCell(value: string): string {
  const safe = String(spreadsheetSafe(value));
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
