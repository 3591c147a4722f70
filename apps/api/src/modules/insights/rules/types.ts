import { formatKes } from '@sokoni/contracts';
import type { Period } from '../dates';

/** What the rules see: the aggregates of one store over the period's window, plus current state. */
export interface RuleContext {
  period: Period;
  window: { from: string; to: string; days: number };
  /** Stable per period window (week number, month), so a dismissed card stays dismissed in it. */
  bucket: string;
  store: {
    sessions: number;
    productViews: number;
    checkouts: number;
    paidOrders: number;
    unitsSold: number;
    revenueKes: number;
  };
  /** Delivery areas with any checkout or order in the window (not 'unknown'). */
  areas: { slug: string; name: string; checkouts: number; paidOrders: number; feeKes: number | null }[];
  /** Effective fee of every area the store delivers to (the "is it among the highest" yardstick). */
  areaFees: number[];
  products: {
    slug: string;
    title: string;
    priceKes: number;
    onHand: number;
    views: number;
    unitsSold: number;
    revenueKes: number;
    /** Units sold over the 14 days ending with the window (sales velocity for stock cover). */
    units14d: number;
  }[];
  /**
   * Active products with stock and no sale over the 30 days ending with the window (whatever
   * the period: "slow" is a monthly notion). listedDays: since created, or since the storefront
   * first saw it if that is earlier (imported catalogs).
   */
  slowMovers: {
    slug: string;
    title: string;
    priceKes: number;
    onHand: number;
    stockValueKes: number;
    unitsSold30d: number;
    views30d: number;
    listedDays: number;
  }[];
  searches: { term: string; searches: number; zeroResultSearches: number; zeroResultSessions: number }[];
  payments: {
    attempts: number;
    paid: number;
    cancelled: number;
    timeout: number;
    failed: number;
    /** The 28 days before the window, for "dropping". */
    baseline: { attempts: number; paid: number };
  };
  channels: {
    /** Paid orders by channel in the window and in the 28 days before it. */
    current: Record<'web' | 'whatsapp' | 'link', number>;
    baseline: Record<'web' | 'whatsapp' | 'link', number>;
  };
  /**
   * Visible (not hidden) review ratings per product: the 30 days ending with the window against
   * the 90 days before (falling-ratings.rule.ts). Products with reviews on both sides only.
   */
  ratings?: {
    slug: string;
    title: string;
    recentAverage: number;
    recentCount: number;
    /** Recent reviews of 1 or 2 stars. */
    recentLow: number;
    previousAverage: number;
    previousCount: number;
    revenue30dKes: number;
  }[];
  /**
   * Sold-out variants shoppers asked to be told about ("Tell me when it's back", still waiting):
   * demand the store cannot serve until it restocks (back-in-stock.rule.ts).
   */
  backInStock?: { slug: string; title: string; sku: string; variant: string; waiting: number; priceKes: number }[];
}

export interface InsightCard {
  rule: string;
  /** rule + subject + period bucket: one card per thing per period. */
  key: string;
  /** KES at stake per period (roughly): ranks the cards. */
  score: number;
  headline: string;
  body: string;
  bodySw?: string;
  numbers: Record<string, number | string>;
  action: { label: string; href: string };
}

export interface InsightRule {
  readonly id: string;
  evaluate(ctx: RuleContext): InsightCard[];
}

/** A card as a rule writes it: everything but the rule's id and the key, which insightRule adds. */
export type CardContent = Omit<InsightCard, 'rule' | 'key'>;

/**
 * A rule from its id and how it finds its cards. Each card names its subject (a product slug,
 * an area, a search term, or 'store') and gets `rule` and `key` (rule + subject + period
 * bucket) here, so every rule spells the one-card-per-thing-per-period key the same way.
 */
export function insightRule(
  id: string,
  find: (ctx: RuleContext, card: (subject: string, content: CardContent) => InsightCard) => InsightCard[],
): InsightRule {
  return {
    id,
    evaluate: (ctx) =>
      find(ctx, (subject, content) => ({ rule: id, key: `${id}:${subject}:${ctx.period}:${ctx.bucket}`, ...content })),
  };
}

export const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);
/** Averages and shares are fractional: whole shillings first. */
export const kes = (n: number) => formatKes(Math.round(n));
export const avgOrderKes = (ctx: RuleContext) =>
  ctx.store.paidOrders > 0 ? ctx.store.revenueKes / ctx.store.paidOrders : 0;
export const periodWords = (ctx: RuleContext) =>
  ctx.period === 'day' ? 'yesterday' : ctx.period === 'week' ? 'in the last 7 days' : 'in the last 30 days';
export const periodWordsSw = (ctx: RuleContext) =>
  ctx.period === 'day' ? 'jana' : ctx.period === 'week' ? 'katika siku 7 zilizopita' : 'katika siku 30 zilizopita';
