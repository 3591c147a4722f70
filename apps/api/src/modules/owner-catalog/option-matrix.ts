import { PRODUCT_LIMITS } from '@sokoni/contracts';

/** Option names and their values in order, as a product's variants carry them. */
export interface OptionAxis {
  name: string;
  values: string[];
}

/** Every combination of the axes' values, first axis slowest (Size S: all colours, then Size M...). */
export function combinations(axes: OptionAxis[]): Record<string, string>[] {
  let out: Record<string, string>[] = [{}];
  for (const axis of axes)
    out = out.flatMap((partial) => axis.values.map((value) => ({ ...partial, [axis.name]: value })));
  return axes.length ? out : [];
}

/** The same combination whatever the case or key order. */
export function comboKey(names: string[], options: Record<string, string>): string {
  return JSON.stringify(names.map((n) => (options[n] ?? '').toLowerCase()));
}

/** The product's axes as its variants show them: each option's values in the variants' order. */
export function axesOf(optionNames: string[], variants: { options: Record<string, string> }[]): OptionAxis[] {
  return optionNames.map((name) => {
    const values: string[] = [];
    for (const v of variants) {
      const value = v.options[name];
      if (value && !values.some((x) => x.toLowerCase() === value.toLowerCase())) values.push(value);
    }
    return { name, values };
  });
}

const part = (s: string, max: number) =>
  s
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '')
    .toUpperCase()
    .slice(0, max);

/** The start of generated SKUs: the given prefix, else the title's first letters and digits. */
export function skuPrefix(title: string, given?: string): string {
  return given ?? (part(title.split(/\s+/).slice(0, 3).join(''), 12) || 'SKU');
}

/**
 * A SKU for a combination (PREFIX-VALUE1-VALUE2...), unique among `taken` (the store's SKUs and
 * those made in this batch, upper-cased): -2, -3... when needed. Adds the one it returns to `taken`.
 */
export function generateSku(prefix: string, values: string[], taken: Set<string>): string {
  const base = [prefix, ...values.map((v) => part(v, 8) || 'X')].join('-').slice(0, PRODUCT_LIMITS.skuMax - 4);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!taken.has(candidate.toUpperCase())) {
      taken.add(candidate.toUpperCase());
      return candidate;
    }
  }
}
