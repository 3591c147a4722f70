import type { SeedArea, SeedStore } from './types';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const COLOUR = /^#[0-9a-f]{6}$/i;
const isKes = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/** The seed data is hand-written: check it fully before a row is written. */
export function validateStore(store: SeedStore): void {
  const problems: string[] = [];
  const fail = (where: string, what: string) => problems.push(`${store.slug}/${where}: ${what}`);
  const categories = new Set(store.categories.map((c) => c.slug));
  if (categories.size !== store.categories.length) fail('categories', 'duplicate slug');
  for (const c of store.categories) if (!SLUG.test(c.slug)) fail(`category ${c.slug}`, 'bad slug');
  const productSlugs = new Set<string>();
  const skus = new Set<string>();
  for (const p of store.products) {
    if (!SLUG.test(p.slug)) fail(p.slug, 'bad slug');
    if (productSlugs.has(p.slug)) fail(p.slug, 'duplicate product slug');
    productSlugs.add(p.slug);
    if (!categories.has(p.categorySlug)) fail(p.slug, `unknown category ${p.categorySlug}`);
    if (!COLOUR.test(p.image.background) || !COLOUR.test(p.image.accent)) fail(p.slug, 'bad image colour');
    if (p.variants.length === 0) fail(p.slug, 'no variants');
    if (p.optionNames.length === 0 && p.variants.length !== 1) fail(p.slug, 'no options but several variants');
    const combos = new Set<string>();
    for (const v of p.variants) {
      if (skus.has(v.sku)) fail(p.slug, `duplicate sku ${v.sku}`);
      skus.add(v.sku);
      const keys = Object.keys(v.options).sort().join('|');
      if (keys !== [...p.optionNames].sort().join('|'))
        fail(p.slug, `variant ${v.sku} options do not match optionNames`);
      const combo = p.optionNames.map((n) => v.options[n]).join('|');
      if (combos.has(combo)) fail(p.slug, `duplicate option combination ${combo}`);
      combos.add(combo);
      if (!isKes(v.priceKes) || v.priceKes === 0) fail(p.slug, `variant ${v.sku} price must be a positive integer KES`);
      if (v.compareAtKes !== undefined && (!isKes(v.compareAtKes) || v.compareAtKes <= v.priceKes)) {
        fail(p.slug, `variant ${v.sku} compareAtKes must be an integer above the price`);
      }
      if (!isKes(v.stock)) fail(p.slug, `variant ${v.sku} stock must be a non-negative integer`);
    }
  }
  if (store.products.length < 40) fail('products', `only ${store.products.length}, the demo needs at least 40`);
  if (problems.length) throw new Error(`invalid seed data:\n${problems.join('\n')}`);
}

export function validateAreas(areas: SeedArea[]): void {
  const problems: string[] = [];
  const slugs = new Set<string>();
  for (const a of areas) {
    if (!SLUG.test(a.slug)) problems.push(`${a.slug}: bad slug`);
    if (slugs.has(a.slug)) problems.push(`${a.slug}: duplicate`);
    slugs.add(a.slug);
    if (!(a.lat > -1.6 && a.lat < -0.9 && a.lng > 36.5 && a.lng < 37.3))
      problems.push(`${a.slug}: coordinates outside Nairobi`);
    for (const alias of a.aliases)
      if (alias !== alias.toLowerCase()) problems.push(`${a.slug}: alias ${alias} not lowercase`);
  }
  if (areas.length < 80) problems.push(`only ${areas.length} areas, need at least 80`);
  if (problems.length) throw new Error(`invalid area data:\n${problems.join('\n')}`);
}
