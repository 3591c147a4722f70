import { avgOrderKes, insightRule, pct, periodWords, type InsightRule } from './types';

/**
 * (e) M-Pesa prompts failing more than they should: many shoppers cancel the PIN prompt (1032),
 * or the success rate dropped against the 28 days before. Either way money is left on the table.
 */
/** Enough prompts in the window to judge a rate. */
export const MPESA_MIN_ATTEMPTS = 20;
/** More than this share of prompts cancelled (1032) is unusual (typically 10-25 %). */
export const MPESA_MAX_CANCELLED_SHARE = 0.35;
/** A success rate this many points below the baseline is a drop, not noise ... */
export const MPESA_MIN_DROP_POINTS = 15;
/** ... given a baseline of at least this many prompts. */
export const MPESA_MIN_BASELINE_ATTEMPTS = 40;

export const mpesaHealthRule: InsightRule = insightRule('mpesa_health', (ctx, card) => {
  const p = ctx.payments;
  if (!(p.attempts >= MPESA_MIN_ATTEMPTS)) return [];
  const rate = pct(p.paid, p.attempts);
  const baselineRate =
    p.baseline.attempts >= MPESA_MIN_BASELINE_ATTEMPTS ? pct(p.baseline.paid, p.baseline.attempts) : null;
  const cancelledShare = p.cancelled / p.attempts;
  const dropped = baselineRate !== null && baselineRate - rate >= MPESA_MIN_DROP_POINTS;
  if (cancelledShare <= MPESA_MAX_CANCELLED_SHARE && !dropped) return [];
  const failedPrompts = p.attempts - p.paid;
  return [
    card('store', {
      score: failedPrompts * 0.3 * avgOrderKes(ctx),
      headline:
        cancelledShare > MPESA_MAX_CANCELLED_SHARE
          ? `${p.cancelled} of ${p.attempts} M-Pesa prompts were cancelled ${periodWords(ctx)}`
          : `M-Pesa success fell to ${rate} % (from ${baselineRate} %)`,
      body:
        `Only ${p.paid} of ${p.attempts} M-Pesa prompts ended paid ${periodWords(ctx)} (${rate} %${baselineRate !== null ? `, was ${baselineRate} %` : ''}); ` +
        `${p.cancelled} were cancelled on the phone and ${p.timeout} timed out. Check that your till/paybill name is what shoppers expect, ` +
        `and offer "finish on WhatsApp" so a shopper who hesitates can still buy.`,
      bodySw: `Malipo ${p.paid} tu kati ya ${p.attempts} ya M-Pesa yalikamilika; ${p.cancelled} yalighairiwa. Hakikisha jina la till/paybill linajulikana na uwape wateja njia ya WhatsApp.`,
      numbers: {
        attempts: p.attempts,
        paid: p.paid,
        successRatePct: rate,
        baselineSuccessRatePct: baselineRate ?? 'n/a',
        cancelled: p.cancelled,
        timeout: p.timeout,
        cancelledSharePct: pct(p.cancelled, p.attempts),
      },
      action: { label: 'Check M-Pesa and WhatsApp settings', href: '/owner/settings/mpesa' },
    }),
  ];
});
