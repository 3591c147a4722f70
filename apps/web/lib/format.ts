const kes = new Intl.NumberFormat('en-KE', { maximumFractionDigits: 0 });

/** 16999 -> "16,999". */
export function formatNumber(amount: number): string {
  return kes.format(amount);
}

/** 16999 -> "KES 16,999". Prices are integer shillings. */
export function formatKes(amount: number): string {
  return `KES ${kes.format(amount)}`;
}

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
