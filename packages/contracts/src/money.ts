/**
 * Money rules (integer KES everywhere; M-Pesa takes whole shillings).
 *
 * - Prices are VAT-inclusive (16 %). The VAT portion of an amount is amount x 16/116, rounded
 *   half-up to a whole shilling, computed ONCE on the final total (never summed from rounded
 *   per-line figures, which would drift by a shilling or two on long orders).
 * - Percentage discounts round to the nearest shilling (half-up) and never exceed the subtotal.
 * - Line total = unit price x quantity (exact integers).
 */
export const VAT_RATE_PERCENT = 16;

/** VAT contained in a VAT-inclusive amount, half-up to whole KES, exact integer arithmetic. */
export function vatPortion(inclusiveKes: number): number {
  assertKes(inclusiveKes);
  return Math.floor((inclusiveKes * VAT_RATE_PERCENT * 2 + (100 + VAT_RATE_PERCENT)) / ((100 + VAT_RATE_PERCENT) * 2));
}

/** percent of amount, half-up to whole KES; percent is a whole number 0..100. */
export function percentOf(amountKes: number, percent: number): number {
  assertKes(amountKes);
  if (!Number.isInteger(percent) || percent < 0 || percent > 100)
    throw new RangeError(`percent must be 0..100, got ${percent}`);
  return Math.floor((amountKes * percent * 2 + 100) / 200);
}

export function assertKes(value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not an integer KES amount: ${value}`);
}

const kesNumber = new Intl.NumberFormat('en-KE', { maximumFractionDigits: 0 });

/** 16999 -> "16,999" (whole numbers with Kenyan grouping). */
export function formatNumber(amount: number): string {
  return kesNumber.format(amount);
}

/** 16999 -> "KES 16,999": how amounts read everywhere (pages, invoices, SMS, WhatsApp, insight cards). */
export function formatKes(amountKes: number): string {
  return `KES ${kesNumber.format(amountKes)}`;
}
