import { formatNumber } from '@sokoni/contracts';

/** "KES 16,999" and "16,999": the API writes amounts the same way (invoices, SMS, insight cards). */
export { formatKes, formatNumber } from '@sokoni/contracts';

/** "1 product" / "12 products". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

/** A plain-text excerpt for meta descriptions. */
export function excerpt(text: string, max = 155): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
