import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { createDb } from '../connection';
import { renditionKey } from '../media/keys';
import { renderRenditionsCached, type RenderedRendition } from '../media/renditions';
import { LocalDiskStorage, putIfChanged, type MediaStorage } from '../media/storage';
import type { Database } from '../schema';
import { hashPassword } from '../security/password';
import { DARAJA_SANDBOX_PASSKEY, SecretBox, type MpesaCredentials } from '../security/secret-box';
import { resolveTenant, withTenant, type TenantTransaction } from '../tenant-transaction';
import { mtindoFashion } from './data/mtindo-fashion';
import { nairobiAreas } from './data/nairobi-areas';
import { nairobiGadgets } from './data/nairobi-gadgets';
import { nyumbaLiving } from './data/nyumba-living';
import { saaBora } from './data/saa-bora';
import { seedBrand } from './brand';
import { seedDelivery } from './delivery';
import { seedReviews } from './reviews';
import { historyRange, seedEventHistory, type HistoryOptions, type HistorySummary } from './events-history';
import { PRODUCT_IMAGE_SIZE, renderProductImage } from './images';
import type { SeedArea, SeedStore } from './types';
import { validateAreas, validateStore } from './validate';
import { auditSeedAction, columnsOf, storeHasRow, updateWhenChanged, variantsWithoutRowIn } from './queries';

/** The demo's verified custom domain (issue 14); the sandbox DNS zone serves its records. */
export const DEMO_CUSTOM_DOMAIN = {
  store: 'nyumba-living',
  host: 'shop.nyumba-living.test',
  token: 'demonyumbaliving0000000000000001',
} as const;

export type { SeedArea, SeedProduct, SeedStore, SeedVariant } from './types';
export const demoStores: SeedStore[] = [nairobiGadgets, mtindoFashion, saaBora, nyumbaLiving];
export { nairobiAreas };

export interface SeedOptions {
  /** Owner (migration) connection: the seed writes reference tables the app role may not. */
  ownerUrl: string;
  /** Where product images are written (served by the API under /media) unless storage is given. */
  mediaDir: string;
  /** Media storage (e.g. S3) instead of local disk at mediaDir. */
  storage?: MediaStorage;
  stores?: SeedStore[];
  /**
   * Base64 AES-256 key (MPESA_ENCRYPTION_KEY) to seal the demo stores' Daraja sandbox
   * credentials with. Without it the stores get no M-Pesa settings (pay by hand only).
   */
  mpesaEncryptionKey?: string;
  /**
   * A generated 90-day history per store (events, orders, payments, daily aggregates; see
   * events-history.ts), written once. Off unless asked: tests that count orders start clean.
   */
  history?: boolean | HistoryOptions;
}

export interface SeedSummary {
  stores: { slug: string; tenantId: string; products: number; created: boolean; history?: HistorySummary }[];
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
    const storage = options.storage ?? new LocalDiskStorage(options.mediaDir);
    const mpesaKey = options.mpesaEncryptionKey ?? process.env.MPESA_ENCRYPTION_KEY;
    const box = mpesaKey ? new SecretBox(mpesaKey) : null;
    const history = options.history ? (options.history === true ? {} : options.history) : null;
    if (history) {
      const range = historyRange(history);
      await sql`SELECT app_ensure_event_partitions_between(${range.from}::date, ${range.to}::date)`.execute(db);
    }
    for (const store of stores) summary.stores.push(await seedStore(db, store, storage, box, history));
    return summary;
  } finally {
    await db.destroy();
  }
}

async function seedAreas(db: Kysely<Database>, areas: SeedArea[]): Promise<void> {
  await db
    .insertInto('nairobi_areas')
    .values(
      areas.map((a) => ({
        slug: a.slug,
        name: a.name,
        ward: a.ward,
        sub_county: a.subCounty,
        lat: a.lat.toFixed(5),
        lng: a.lng.toFixed(5),
        aliases: a.aliases,
      })),
    )
    .onConflict((oc) =>
      updateWhenChanged(oc.column('slug'), 'nairobi_areas', ['name', 'ward', 'sub_county', 'lat', 'lng', 'aliases']),
    )
    .execute();
}

async function seedStore(
  db: Kysely<Database>,
  store: SeedStore,
  storage: MediaStorage,
  box: SecretBox | null,
  history: HistoryOptions | null,
) {
  const existing = await resolveTenant(db, store.slug);
  const tenantId = existing?.tenantId ?? randomUUID();
  const images = await Promise.all(
    store.products.map((p) => renderProductImage(p.image.motif, p.image.background, p.image.accent)),
  );
  const renditions = await Promise.all(images.map((image) => renderRenditionsCached(image)));
  // Media bytes are written while the catalog rows are: the two are independent until the
  // media rows, which wait for the bytes. A failed transaction still waits for the writes to
  // settle (and does not leave an unhandled rejection behind).
  const files = writeMediaFiles(storage, tenantId, store, images, renditions);
  const filesSettled = () =>
    files.then(
      () => undefined,
      () => undefined,
    );
  void filesSettled();

  // The owner may be a superuser, which bypasses RLS: every query below also names the tenant.
  const historySummary = await withTenant(db, tenantId, async (trx) => {
    // The store's profile follows the data file; its id, slug and status are set once.
    const profile = {
      name: store.name,
      vertical: store.vertical,
      tagline: store.tagline,
      location: store.location,
      whatsapp_number: store.whatsappNumber,
      return_policy: store.returnPolicy,
      mpesa_kind: store.mpesa.kind,
      mpesa_shortcode: store.mpesa.shortcode,
      default_language: store.defaultLanguage ?? ('en' as const),
    };
    const tenantRow = { id: tenantId, slug: store.slug, status: 'active' as const, ...profile };
    await trx
      .insertInto('tenants')
      .values(tenantRow)
      .onConflict((oc) => updateWhenChanged(oc.column('id'), 'tenants', columnsOf(profile)))
      .execute();

    // Demo KRA PIN (P + 9 digits + letter), derived from the store so reseeding keeps it.
    const demoPin = `P05${String([...store.slug].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 10_000_000, 7)).padStart(7, '0')}K`;
    await trx
      .updateTable('tenants')
      .set({ kra_pin: demoPin })
      .where('id', '=', tenantId)
      .where('kra_pin', 'is', null)
      .execute();

    if (!existing) {
      await auditSeedAction(trx, tenantId, {
        action: 'tenant.created',
        entityType: 'tenant',
        entityId: tenantId,
        after: tenantRow,
      });
    }

    // A verified demo custom domain, so host -> store resolution has something real to resolve.
    await trx
      .insertInto('tenant_domains')
      .values({
        tenant_id: tenantId,
        host: `${store.slug}.sokoni.test`,
        is_primary: false,
        verified_at: new Date('2026-01-01T00:00:00Z'),
      })
      .onConflict((oc) => oc.column('host').doNothing())
      .execute();

    // Issue 14: one store with a verified primary custom domain, its records in the sandbox DNS zone
    // (apps/sandbox/src/dns/zone.ts DEMO_RECORDS), so the demo serves it on its own host.
    if (store.slug === DEMO_CUSTOM_DOMAIN.store) {
      await trx
        .insertInto('tenant_domains')
        .values({
          tenant_id: tenantId,
          host: DEMO_CUSTOM_DOMAIN.host,
          kind: 'subdomain',
          status: 'verified',
          is_primary: true,
          verification_token: DEMO_CUSTOM_DOMAIN.token,
          verified_at: new Date('2026-01-01T00:00:00Z'),
        })
        .onConflict((oc) => oc.column('host').doNothing())
        .execute();
    }

    await seedStaff(trx, tenantId, store);
    await seedDelivery(trx, tenantId);
    if (box) await seedMpesa(trx, tenantId, store, box);
    await seedMessaging(trx, tenantId, store);
    await seedEtims(trx, tenantId, store);
    await seedBrand(trx, tenantId, store, storage);

    await upsertCatalog(trx, tenantId, store);
    await files;
    await writeMedia(trx, tenantId, store, images, renditions);
    const written = history ? await seedEventHistory(trx, tenantId, store, history) : undefined;
    if (history) await seedReviews(trx, tenantId, store);
    return written;
  }).finally(filesSettled);

  return {
    slug: store.slug,
    tenantId,
    products: store.products.length,
    created: !existing,
    ...(historySummary ? { history: historySummary } : {}),
  };
}

/** The demo password of every seeded owner/admin/staff account (README says so). */
export const DEMO_PASSWORD = 'sokoni-demo-2026';

/**
 * An owner, an admin and a staff member per store, with the demo password, and the store's JWT
 * signing secret. Written once: hashes are salted, so rewriting them would change rows.
 */
async function seedStaff(trx: TenantTransaction, tenantId: string, store: SeedStore): Promise<void> {
  const people = [
    {
      name: `${store.name} Owner`,
      email: `owner@${store.slug}.sokoni.test`,
      phone: store.whatsappNumber,
      role: 'owner' as const,
    },
    { name: `${store.name} Admin`, email: `admin@${store.slug}.sokoni.test`, phone: null, role: 'admin' as const },
    { name: `${store.name} Staff`, email: `staff@${store.slug}.sokoni.test`, phone: null, role: 'staff' as const },
  ];
  const existing = new Set(
    (await trx.selectFrom('users').select('email').where('tenant_id', '=', tenantId).execute()).map((u) => u.email),
  );
  const missing = people.filter((p) => !existing.has(p.email));
  const withoutPassword = await trx
    .selectFrom('users')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where(
      'email',
      'in',
      people.map((p) => p.email),
    )
    .where('password_hash', 'is', null)
    .execute();
  if (missing.length || withoutPassword.length) {
    const hash = await hashPassword(DEMO_PASSWORD);
    if (missing.length) {
      await trx
        .insertInto('users')
        .values(missing.map((p) => ({ tenant_id: tenantId, ...p, status: 'active' as const, password_hash: hash })))
        .execute();
    }
    if (withoutPassword.length) {
      await trx
        .updateTable('users')
        .set({ password_hash: hash })
        .where('tenant_id', '=', tenantId)
        .where(
          'id',
          'in',
          withoutPassword.map((u) => u.id),
        )
        .execute();
    }
  }
  await trx
    .insertInto('tenant_auth_secrets')
    .values({ tenant_id: tenantId, jwt_secret: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
}

async function upsertCatalog(trx: TenantTransaction, tenantId: string, store: SeedStore): Promise<void> {
  await trx
    .insertInto('categories')
    .values(store.categories.map((c, i) => ({ tenant_id: tenantId, slug: c.slug, name: c.name, position: i })))
    .onConflict((oc) => updateWhenChanged(oc.columns(['tenant_id', 'slug']), 'categories', ['name', 'position']))
    .execute();
  const categoryIds = new Map(
    (await trx.selectFrom('categories').select(['id', 'slug']).where('tenant_id', '=', tenantId).execute()).map((c) => [
      c.slug,
      c.id,
    ]),
  );
  // One level of nesting (Decor & Plants > Lighting), set only when different.
  for (const c of store.categories.filter((x) => x.parentSlug)) {
    const parentId = categoryIds.get(c.parentSlug!)!;
    await trx
      .updateTable('categories')
      .set({ parent_id: parentId })
      .where('tenant_id', '=', tenantId)
      .where('slug', '=', c.slug)
      .where('parent_id', 'is distinct from', parentId)
      .execute();
  }

  await trx
    .insertInto('products')
    .values(
      store.products.map((p) => ({
        tenant_id: tenantId,
        slug: p.slug,
        title: p.title,
        brand: p.brand ?? null,
        description: p.description,
        category_id: categoryIds.get(p.categorySlug) ?? null,
        status: 'active' as const,
        option_names: p.optionNames,
      })),
    )
    .onConflict((oc) =>
      updateWhenChanged(oc.columns(['tenant_id', 'slug']), 'products', [
        'title',
        'brand',
        'description',
        'category_id',
        'option_names',
      ]),
    )
    .execute();
  const productIds = new Map(
    (await trx.selectFrom('products').select(['id', 'slug']).where('tenant_id', '=', tenantId).execute()).map((p) => [
      p.slug,
      p.id,
    ]),
  );

  const variants = store.products.flatMap((p) =>
    p.variants.map((v, i) => ({
      tenant_id: tenantId,
      product_id: productIds.get(p.slug)!,
      sku: v.sku,
      options: JSON.stringify(v.options),
      price_kes: v.priceKes,
      compare_at_kes: v.compareAtKes ?? null,
      position: i,
    })),
  );
  await trx
    .insertInto('product_variants')
    .values(variants)
    .onConflict((oc) =>
      updateWhenChanged(oc.columns(['tenant_id', 'sku']), 'product_variants', [
        'product_id',
        'options',
        'price_kes',
        'compare_at_kes',
        'position',
      ]),
    )
    .execute();

  // Opening stock is one restock movement per variant, written once: stock after that is the
  // ledger's business (sales, returns, adjustments), not the seed's.
  const stockBySku = new Map(store.products.flatMap((p) => p.variants.map((v) => [v.sku, v.stock] as const)));
  const unstocked = await variantsWithoutRowIn(trx, tenantId, 'inventory_movements').execute();
  const openings = unstocked
    .map((v) => ({ variant_id: v.id, quantity: stockBySku.get(v.sku) ?? 0 }))
    .filter((m) => m.quantity > 0)
    .map((m) => ({
      tenant_id: tenantId,
      variant_id: m.variant_id,
      kind: 'restock' as const,
      quantity: m.quantity,
      reason: 'opening stock (demo seed)',
    }));
  if (openings.length) await trx.insertInto('inventory_movements').values(openings).execute();

  await seedSales(trx, tenantId, store);
  await seedPromotions(trx, tenantId, store);
  await seedAutomaticPromotions(trx, tenantId, store);
  await seedCollections(trx, tenantId, store);
}

/** "Top picks": the first product of each category, so a fresh store has a curated shelf. */
async function seedCollections(trx: TenantTransaction, tenantId: string, store: SeedStore): Promise<void> {
  const exists = await trx
    .selectFrom('collections')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('slug', '=', 'top-picks')
    .executeTakeFirst();
  if (exists) return;
  const { id } = await trx
    .insertInto('collections')
    .values({
      tenant_id: tenantId,
      slug: 'top-picks',
      title: 'Top picks',
      description: `What ${store.name} customers buy most`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const picks = store.categories
    .map((c) => store.products.find((p) => p.categorySlug === c.slug)?.slug)
    .filter((s): s is string => Boolean(s));
  const products = await trx
    .selectFrom('products')
    .select(['id', 'slug'])
    .where('tenant_id', '=', tenantId)
    .where('slug', 'in', picks)
    .execute();
  const position = new Map(picks.map((slug, i) => [slug, i]));
  if (products.length) {
    await trx
      .insertInto('collection_products')
      .values(
        products.map((p) => ({
          tenant_id: tenantId,
          collection_id: id,
          product_id: p.id,
          position: position.get(p.slug) ?? 0,
        })),
      )
      .execute();
  }
}

/**
 * A welcome coupon (KARIBU10: 10 % off from KES 2,000, once per phone) and a month-long
 * automatic 10 % off the store's first category. Written once per store.
 */
async function seedPromotions(trx: TenantTransaction, tenantId: string, store: SeedStore): Promise<void> {
  await trx
    .insertInto('coupons')
    .values({
      tenant_id: tenantId,
      code: 'KARIBU10',
      kind: 'percent',
      value: 10,
      min_subtotal_kes: 2000,
      max_uses: 1000,
      max_uses_per_phone: 1,
      starts_at: new Date('2026-01-01T00:00:00Z'),
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'code']).doNothing())
    .execute();
  if (await storeHasRow(trx, tenantId, 'promotions')) return;
  const category = await trx
    .selectFrom('categories')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('slug', '=', store.categories[0]!.slug)
    .executeTakeFirstOrThrow();
  const monthStart = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1));
  await trx
    .insertInto('promotions')
    .values({
      tenant_id: tenantId,
      name: `10% off ${store.categories[0]!.name}`,
      category_id: category.id,
      percent: 10,
      starts_at: monthStart,
      ends_at: new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 1, 1)),
    })
    .execute();
}

/**
 * Nyumba Living's demo of the other promotion kinds (issue 12): "buy 2 get 1 free" on its
 * cheapest product, free delivery over KES 20,000 (both for three months from the first seed),
 * and a paused WhatsApp coupon. Each written once, found by its kind / code.
 */
async function seedAutomaticPromotions(trx: TenantTransaction, tenantId: string, store: SeedStore): Promise<void> {
  if (store.slug !== 'nyumba-living') return;
  const monthStart = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1));
  const end = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 3, 1));
  const existing = await trx.selectFrom('promotions').select('kind').where('tenant_id', '=', tenantId).execute();
  const has = (kind: string) => existing.some((e) => e.kind === kind);
  const cheapest = [...store.products].sort((a, b) => a.variants[0]!.priceKes - b.variants[0]!.priceKes)[0]!;
  if (!has('buy_x_get_y')) {
    const product = await trx
      .selectFrom('products')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('slug', '=', cheapest.slug)
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('promotions')
      .values({
        tenant_id: tenantId,
        name: `Buy 2 get 1 free: ${cheapest.title}`,
        kind: 'buy_x_get_y',
        product_id: product.id,
        buy_qty: 2,
        get_qty: 1,
        starts_at: monthStart,
        ends_at: end,
      })
      .execute();
  }
  if (!has('free_delivery_over'))
    await trx
      .insertInto('promotions')
      .values({
        tenant_id: tenantId,
        name: 'Free delivery on orders over KES 20,000',
        kind: 'free_delivery_over',
        min_subtotal_kes: 20000,
        starts_at: monthStart,
        ends_at: end,
      })
      .execute();
  await trx
    .insertInto('coupons')
    .values({
      tenant_id: tenantId,
      code: 'WHATSAPP500',
      name: 'WhatsApp broadcast (paused)',
      kind: 'fixed',
      value: 500,
      min_subtotal_kes: 5000,
      max_uses_per_phone: 1,
      active: false,
      starts_at: new Date('2026-01-01T00:00:00Z'),
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'code']).doNothing())
    .execute();
}

/**
 * A running promotion on every 7th product (first variant, about 10 % off) for three months
 * from the first seed, so sale prices show on a fresh demo. Written once per variant.
 */
async function seedSales(trx: TenantTransaction, tenantId: string, store: SeedStore): Promise<void> {
  const onSale = store.products.filter((_, i) => i % 7 === 3).map((p) => p.variants[0]!);
  const skus = onSale.map((v) => v.sku);
  const variants = await variantsWithoutRowIn(trx, tenantId, 'price_rules').where('v.sku', 'in', skus).execute();
  if (variants.length === 0) return;
  const priceBySku = new Map(onSale.map((v) => [v.sku, v.priceKes]));
  const monthStart = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1));
  const end = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 3, 1));
  await trx
    .insertInto('price_rules')
    .values(
      variants.map((v) => {
        const price = priceBySku.get(v.sku)!;
        // Shop-style price: 10 % off, ending in 9 (KES 16,999 -> KES 15,299).
        const sale = Math.max(1, Math.floor((price * 0.9) / 10) * 10 - 1);
        return {
          tenant_id: tenantId,
          variant_id: v.id,
          sale_price_kes: sale,
          starts_at: monthStart,
          ends_at: end,
          reason: 'demo promotion',
        };
      }),
    )
    .execute();
}

const originalKey = (tenantId: string, productSlug: string) => `${tenantId}/products/${productSlug}.webp`;

/**
 * Each product's image (the original, `<tenant>/products/<slug>.webp`) and its renditions
 * (`...@w<width>.<avif|webp>`) into media storage, each rewritten only when its bytes differ.
 */
async function writeMediaFiles(
  storage: MediaStorage,
  tenantId: string,
  store: SeedStore,
  images: Buffer[],
  renditions: RenderedRendition[][],
): Promise<void> {
  // A few products at a time: about 50 objects in flight, the S3 client's default socket pool.
  let next = 0;
  await Promise.all(
    Array.from({ length: 5 }, async () => {
      for (let i = next++; i < store.products.length; i = next++) {
        const key = originalKey(tenantId, store.products[i]!.slug);
        await putIfChanged(storage, key, images[i]!, 'image/webp');
        await Promise.all(
          renditions[i]!.map((r) =>
            putIfChanged(storage, renditionKey(key, r.width, r.format), r.bytes, `image/${r.format}`),
          ),
        );
      }
    }),
  );
}

/** The media and rendition rows, upserted only when different; renditions no longer made are deleted. */
async function writeMedia(
  trx: TenantTransaction,
  tenantId: string,
  store: SeedStore,
  images: Buffer[],
  renditions: RenderedRendition[][],
): Promise<void> {
  const productIds = new Map(
    (await trx.selectFrom('products').select(['id', 'slug']).where('tenant_id', '=', tenantId).execute()).map((p) => [
      p.slug,
      p.id,
    ]),
  );
  const rows = store.products.map((p, i) => ({
    tenant_id: tenantId,
    product_id: productIds.get(p.slug)!,
    storage_key: originalKey(tenantId, p.slug),
    content_type: 'image/webp' as const,
    width: PRODUCT_IMAGE_SIZE,
    height: PRODUCT_IMAGE_SIZE,
    bytes: images[i]!.length,
    alt: p.title,
    position: 0,
  }));
  await trx
    .insertInto('product_media')
    .values(rows)
    .onConflict((oc) =>
      updateWhenChanged(oc.columns(['tenant_id', 'storage_key']), 'product_media', ['bytes', 'alt', 'width', 'height']),
    )
    .execute();

  const mediaIds = new Map(
    (
      await trx
        .selectFrom('product_media')
        .select(['id', 'storage_key'])
        .where('tenant_id', '=', tenantId)
        .where(
          'storage_key',
          'in',
          rows.map((r) => r.storage_key),
        )
        .execute()
    ).map((m) => [m.storage_key, m.id]),
  );
  const renditionRows = rows.flatMap((row, i) =>
    renditions[i]!.map((r) => ({
      tenant_id: tenantId,
      media_id: mediaIds.get(row.storage_key)!,
      format: r.format,
      width: r.width,
      height: r.height,
      storage_key: renditionKey(row.storage_key, r.width, r.format),
      bytes: r.bytes.length,
    })),
  );
  await trx
    .insertInto('product_media_renditions')
    .values(renditionRows)
    .onConflict((oc) =>
      updateWhenChanged(oc.columns(['tenant_id', 'media_id', 'format', 'width']), 'product_media_renditions', [
        'height',
        'storage_key',
        'bytes',
      ]),
    )
    .execute();
  await trx
    .deleteFrom('product_media_renditions')
    .where('tenant_id', '=', tenantId)
    .where('media_id', 'in', [...mediaIds.values()])
    .where(sql<boolean>`storage_key <> ALL(${renditionRows.map((r) => r.storage_key)}::text[])`)
    .execute();
}

/**
 * Daraja sandbox credentials for a demo store, sealed like an owner's would be. A till's STK
 * BusinessShortCode is its head-office number; a paybill's is itself.
 * Written once: the ciphertext and callback secret are random, so a reseed keeps the first ones.
 */
async function seedMpesa(trx: TenantTransaction, tenantId: string, store: SeedStore, box: SecretBox): Promise<void> {
  const credentials: MpesaCredentials = {
    consumerKey: `demo-${store.slug}-key`,
    consumerSecret: `demo-${store.slug}-secret`,
    passkey: DARAJA_SANDBOX_PASSKEY,
    initiatorName: 'sokoni-demo-api',
    securityCredential: Buffer.from(`demo-initiator-password-${store.slug}`).toString('base64'),
  };
  await trx
    .insertInto('mpesa_settings')
    .values({
      tenant_id: tenantId,
      kind: store.mpesa.kind,
      // A till's head-office (store) number: its own per store, so statements never mix stores.
      shortcode: store.mpesa.kind === 'till' ? `7${store.mpesa.shortcode.slice(1)}` : store.mpesa.shortcode,
      till_number: store.mpesa.kind === 'till' ? store.mpesa.shortcode : null,
      credentials: box.seal(JSON.stringify(credentials), tenantId),
      key_id: box.keyId,
      consumer_key_hint: `…${credentials.consumerKey.slice(-4)}`,
      refunds_enabled: true,
      refund_method: 'reversal',
      callback_secret: randomBytes(24).toString('base64url'),
      callback_ip_check: 'log',
    })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
}

/**
 * WhatsApp for a demo store: a Cloud API phone number id derived from its WhatsApp number (the
 * sandbox is told about it at start), Swahili for the home store to show both languages, and
 * abandoned-cart reminders on for one store. Written once; the owner's edits are kept.
 */
export function demoWhatsAppPhoneNumberId(store: SeedStore): string | null {
  return store.whatsappNumber ? `10${store.whatsappNumber.slice(3)}` : null;
}

async function seedMessaging(trx: TenantTransaction, tenantId: string, store: SeedStore): Promise<void> {
  await trx
    .insertInto('messaging_settings')
    .values({
      tenant_id: tenantId,
      whatsapp_phone_number_id: demoWhatsAppPhoneNumberId(store),
      language: store.vertical === 'home' ? 'sw' : 'en',
      abandoned_cart_nudge: store.vertical === 'fashion',
      abandoned_cart_after_minutes: 60,
    })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
}

/** The demo store that issues KRA eTIMS invoices (against the sandbox); `npm start` switches it on. */
export const DEMO_ETIMS = { store: 'nairobi-gadgets', kraPin: 'P051234567X', deviceSerial: 'SOKONI-DEMO-0001' };

/**
 * eTIMS for the demo store: PIN, head-office branch and the device serial, not yet initialised
 * (initialising needs the sandbox running: scripts/start.mjs does it through the owner API).
 * Written once; the owner's edits are kept.
 */
async function seedEtims(trx: TenantTransaction, tenantId: string, store: SeedStore): Promise<void> {
  if (store.slug !== DEMO_ETIMS.store) return;
  await trx
    .insertInto('etims_settings')
    .values({
      tenant_id: tenantId,
      kra_pin: DEMO_ETIMS.kraPin,
      branch_id: '00',
      device_serial: DEMO_ETIMS.deviceSerial,
      default_tax_type: 'B',
    })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
}
