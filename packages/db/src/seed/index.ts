import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { createDb } from '../connection';
import type { Database } from '../schema';
import { resolveTenant, withTenant, type TenantTransaction } from '../tenant-transaction';
import { mtindoFashion } from './data/mtindo-fashion';
import { nairobiAreas } from './data/nairobi-areas';
import { nairobiGadgets } from './data/nairobi-gadgets';
import { nyumbaLiving } from './data/nyumba-living';
import { saaBora } from './data/saa-bora';
import { PRODUCT_IMAGE_SIZE, renderProductImage } from './images';
import type { SeedArea, SeedStore } from './types';
import { validateAreas, validateStore } from './validate';

export type { SeedArea, SeedProduct, SeedStore, SeedVariant } from './types';
export const demoStores: SeedStore[] = [nairobiGadgets, mtindoFashion, saaBora, nyumbaLiving];
export { nairobiAreas };

export interface SeedOptions {
  /** Owner (migration) connection: the seed writes reference tables the app role may not. */
  ownerUrl: string;
  /** Where product images are written (served by the API under /media). */
  mediaDir: string;
  stores?: SeedStore[];
}

export interface SeedSummary {
  stores: { slug: string; tenantId: string; products: number; created: boolean }[];
  areas: number;
}

/**
 * Loads the demo: Nairobi areas and four stores with catalogs and images. Idempotent: every row
 * is keyed by a natural key (slug, sku, storage key) and only written when it differs, so a
 * second run changes nothing.
 */
export async function seedDemo(options: SeedOptions): Promise<SeedSummary> {
  const stores = options.stores ?? demoStores;
  stores.forEach(validateStore);
  validateAreas(nairobiAreas);
  const db = createDb({ url: options.ownerUrl, max: 2, applicationName: 'sokoni-seed' });
  try {
    await seedAreas(db, nairobiAreas);
    const summary: SeedSummary = { stores: [], areas: nairobiAreas.length };
    for (const store of stores) summary.stores.push(await seedStore(db, store, options.mediaDir));
    return summary;
  } finally {
    await db.destroy();
  }
}

async function seedAreas(db: Kysely<Database>, areas: SeedArea[]): Promise<void> {
  await db
    .insertInto('nairobi_areas')
    .values(areas.map((a) => ({
      slug: a.slug, name: a.name, ward: a.ward, sub_county: a.subCounty,
      lat: a.lat.toFixed(5), lng: a.lng.toFixed(5), aliases: a.aliases,
    })))
    .onConflict((oc) => oc.column('slug').doUpdateSet((eb) => ({
      name: eb.ref('excluded.name'), ward: eb.ref('excluded.ward'), sub_county: eb.ref('excluded.sub_county'),
      lat: eb.ref('excluded.lat'), lng: eb.ref('excluded.lng'), aliases: eb.ref('excluded.aliases'),
    })).where(sql<boolean>`(nairobi_areas.name, nairobi_areas.ward, nairobi_areas.sub_county, nairobi_areas.lat, nairobi_areas.lng, nairobi_areas.aliases)
      IS DISTINCT FROM (excluded.name, excluded.ward, excluded.sub_county, excluded.lat, excluded.lng, excluded.aliases)`))
    .execute();
}

async function seedStore(db: Kysely<Database>, store: SeedStore, mediaDir: string) {
  const existing = await resolveTenant(db, store.slug);
  const tenantId = existing?.tenantId ?? randomUUID();
  const images = await Promise.all(store.products.map((p) => renderProductImage(p.image.motif, p.image.background, p.image.accent)));

  // The owner may be a superuser, which bypasses RLS: every query below also names the tenant.
  await withTenant(db, tenantId, async (trx) => {
    const tenantRow = {
      id: tenantId, slug: store.slug, name: store.name, vertical: store.vertical, status: 'active' as const,
      tagline: store.tagline, location: store.location, whatsapp_number: store.whatsappNumber,
      return_policy: store.returnPolicy, mpesa_kind: store.mpesa.kind, mpesa_shortcode: store.mpesa.shortcode,
    };
    await trx.insertInto('tenants').values(tenantRow)
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'), vertical: eb.ref('excluded.vertical'), tagline: eb.ref('excluded.tagline'),
        location: eb.ref('excluded.location'), whatsapp_number: eb.ref('excluded.whatsapp_number'),
        return_policy: eb.ref('excluded.return_policy'), mpesa_kind: eb.ref('excluded.mpesa_kind'),
        mpesa_shortcode: eb.ref('excluded.mpesa_shortcode'),
      })).where(sql<boolean>`(tenants.name, tenants.vertical, tenants.tagline, tenants.location, tenants.whatsapp_number, tenants.return_policy, tenants.mpesa_kind, tenants.mpesa_shortcode)
        IS DISTINCT FROM (excluded.name, excluded.vertical, excluded.tagline, excluded.location, excluded.whatsapp_number, excluded.return_policy, excluded.mpesa_kind, excluded.mpesa_shortcode)`))
      .execute();

    if (!existing) {
      await trx.insertInto('audit_log').values({
        tenant_id: tenantId, actor_type: 'system', actor_id: 'seed', action: 'tenant.created',
        entity_type: 'tenant', entity_id: tenantId, before: null, after: JSON.stringify(tenantRow),
      }).execute();
    }

    // A verified demo custom domain, so host -> store resolution has something real to resolve.
    await trx.insertInto('tenant_domains')
      .values({ tenant_id: tenantId, host: `${store.slug}.sokoni.test`, is_primary: false, verified_at: new Date('2026-01-01T00:00:00Z') })
      .onConflict((oc) => oc.column('host').doNothing())
      .execute();

    await trx.insertInto('users')
      .values({
        tenant_id: tenantId, name: `${store.name} Owner`, email: `owner@${store.slug}.sokoni.test`,
        phone: store.whatsappNumber, role: 'owner', status: 'active', password_hash: null,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'email']).where('email', 'is not', null).doNothing())
      .execute();

    await upsertCatalog(trx, tenantId, store);
    await writeMedia(trx, tenantId, store, images, mediaDir);
  });

  return { slug: store.slug, tenantId, products: store.products.length, created: !existing };
}

async function upsertCatalog(trx: TenantTransaction, tenantId: string, store: SeedStore): Promise<void> {
  await trx.insertInto('categories')
    .values(store.categories.map((c, i) => ({ tenant_id: tenantId, slug: c.slug, name: c.name, position: i })))
    .onConflict((oc) => oc.columns(['tenant_id', 'slug']).doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), position: eb.ref('excluded.position') }))
      .where(sql<boolean>`(categories.name, categories.position) IS DISTINCT FROM (excluded.name, excluded.position)`))
    .execute();
  const categoryIds = new Map((await trx.selectFrom('categories').select(['id', 'slug']).where('tenant_id', '=', tenantId).execute()).map((c) => [c.slug, c.id]));

  await trx.insertInto('products')
    .values(store.products.map((p) => ({
      tenant_id: tenantId, slug: p.slug, title: p.title, brand: p.brand ?? null, description: p.description,
      category_id: categoryIds.get(p.categorySlug) ?? null, status: 'active' as const, option_names: p.optionNames,
    })))
    .onConflict((oc) => oc.columns(['tenant_id', 'slug']).doUpdateSet((eb) => ({
      title: eb.ref('excluded.title'), brand: eb.ref('excluded.brand'), description: eb.ref('excluded.description'),
      category_id: eb.ref('excluded.category_id'), option_names: eb.ref('excluded.option_names'),
    })).where(sql<boolean>`(products.title, products.brand, products.description, products.category_id, products.option_names)
      IS DISTINCT FROM (excluded.title, excluded.brand, excluded.description, excluded.category_id, excluded.option_names)`))
    .execute();
  const productIds = new Map((await trx.selectFrom('products').select(['id', 'slug']).where('tenant_id', '=', tenantId).execute()).map((p) => [p.slug, p.id]));

  const variants = store.products.flatMap((p) => p.variants.map((v, i) => ({
    tenant_id: tenantId, product_id: productIds.get(p.slug)!, sku: v.sku, options: JSON.stringify(v.options),
    price_kes: v.priceKes, compare_at_kes: v.compareAtKes ?? null, position: i,
  })));
  await trx.insertInto('product_variants').values(variants)
    .onConflict((oc) => oc.columns(['tenant_id', 'sku']).doUpdateSet((eb) => ({
      product_id: eb.ref('excluded.product_id'), options: eb.ref('excluded.options'), price_kes: eb.ref('excluded.price_kes'),
      compare_at_kes: eb.ref('excluded.compare_at_kes'), position: eb.ref('excluded.position'),
    })).where(sql<boolean>`(product_variants.product_id, product_variants.options, product_variants.price_kes, product_variants.compare_at_kes, product_variants.position)
      IS DISTINCT FROM (excluded.product_id, excluded.options, excluded.price_kes, excluded.compare_at_kes, excluded.position)`))
    .execute();

  // Opening stock is one restock movement per variant, written once: stock after that is the
  // ledger's business (sales, returns, adjustments), not the seed's.
  const stockBySku = new Map(store.products.flatMap((p) => p.variants.map((v) => [v.sku, v.stock] as const)));
  const unstocked = await trx.selectFrom('product_variants as v')
    .select(['v.id', 'v.sku'])
    .where('v.tenant_id', '=', tenantId)
    .where(({ not, exists, selectFrom }) => not(exists(
      selectFrom('inventory_movements as m').select('m.id').whereRef('m.tenant_id', '=', 'v.tenant_id').whereRef('m.variant_id', '=', 'v.id'))))
    .execute();
  const openings = unstocked
    .map((v) => ({ variant_id: v.id, quantity: stockBySku.get(v.sku) ?? 0 }))
    .filter((m) => m.quantity > 0)
    .map((m) => ({ tenant_id: tenantId, variant_id: m.variant_id, kind: 'restock' as const, quantity: m.quantity, reason: 'opening stock (demo seed)' }));
  if (openings.length) await trx.insertInto('inventory_movements').values(openings).execute();

  await seedSales(trx, tenantId, store);
}

/**
 * A running promotion on every 7th product (first variant, about 10 % off) for three months
 * from the first seed, so sale prices show on a fresh demo. Written once per variant.
 */
async function seedSales(trx: TenantTransaction, tenantId: string, store: SeedStore): Promise<void> {
  const onSale = store.products.filter((_, i) => i % 7 === 3).map((p) => p.variants[0]!);
  const skus = onSale.map((v) => v.sku);
  const variants = await trx.selectFrom('product_variants as v')
    .select(['v.id', 'v.sku'])
    .where('v.tenant_id', '=', tenantId)
    .where('v.sku', 'in', skus)
    .where(({ not, exists, selectFrom }) => not(exists(
      selectFrom('price_rules as r').select('r.id').whereRef('r.tenant_id', '=', 'v.tenant_id').whereRef('r.variant_id', '=', 'v.id'))))
    .execute();
  if (variants.length === 0) return;
  const priceBySku = new Map(onSale.map((v) => [v.sku, v.priceKes]));
  const monthStart = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1));
  const end = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 3, 1));
  await trx.insertInto('price_rules').values(variants.map((v) => {
    const price = priceBySku.get(v.sku)!;
    // Shop-style price: 10 % off, ending in 9 (KES 16,999 -> KES 15,299).
    const sale = Math.max(1, Math.floor((price * 0.9) / 10) * 10 - 1);
    return { tenant_id: tenantId, variant_id: v.id, sale_price_kes: sale, starts_at: monthStart, ends_at: end, reason: 'demo promotion' };
  })).execute();
}

async function writeMedia(trx: TenantTransaction, tenantId: string, store: SeedStore, images: Buffer[], mediaDir: string): Promise<void> {
  const productIds = new Map((await trx.selectFrom('products').select(['id', 'slug']).where('tenant_id', '=', tenantId).execute()).map((p) => [p.slug, p.id]));
  const dir = path.join(mediaDir, tenantId, 'products');
  await mkdir(dir, { recursive: true });
  const rows = await Promise.all(store.products.map(async (p, i) => {
    const bytes = images[i]!;
    const storageKey = `${tenantId}/products/${p.slug}.webp`;
    const file = path.join(mediaDir, storageKey);
    const current = await readFile(file).catch(() => null);
    if (!current || !current.equals(bytes)) await writeFile(file, bytes);
    return {
      tenant_id: tenantId, product_id: productIds.get(p.slug)!, storage_key: storageKey, content_type: 'image/webp' as const,
      width: PRODUCT_IMAGE_SIZE, height: PRODUCT_IMAGE_SIZE, bytes: bytes.length, alt: p.title, position: 0,
    };
  }));
  await trx.insertInto('product_media').values(rows)
    .onConflict((oc) => oc.columns(['tenant_id', 'storage_key']).doUpdateSet((eb) => ({
      bytes: eb.ref('excluded.bytes'), alt: eb.ref('excluded.alt'), width: eb.ref('excluded.width'), height: eb.ref('excluded.height'),
    })).where(sql<boolean>`(product_media.bytes, product_media.alt, product_media.width, product_media.height)
      IS DISTINCT FROM (excluded.bytes, excluded.alt, excluded.width, excluded.height)`))
    .execute();
}
