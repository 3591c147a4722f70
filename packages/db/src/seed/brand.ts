import sharp from 'sharp';
import { renditionKey } from '../media/keys';
import { renderRenditionsCached } from '../media/renditions';
import { putIfChanged, type MediaStorage } from '../media/storage';
import type { TenantTransaction } from '../tenant-transaction';
import { productSvg, renderProductImage } from './images';
import type { ImageMotif, SeedStore } from './types';

/**
 * Each demo store's own look (issue 12, store identity): brand colour, a drawn logo and hero
 * banner, an announcement, the home page sections in its own order, and business details.
 * Written once: an owner's later changes in the demo are kept by a reseed.
 */
interface DemoLook {
  color: string;
  motifs: [ImageMotif, ImageMotif, ImageMotif];
  hero: { headline: string; text: string; link: string; linkLabel: string };
  announcement: { text: string; link: string | null };
  sections: { type: string; collection?: string; title?: string }[];
  legalName: string;
  openingHours: string;
}

const LOOKS: Record<string, DemoLook> = {
  'nairobi-gadgets': {
    color: '#1d4ed8',
    motifs: ['phone', 'laptop', 'earbuds'],
    hero: {
      headline: 'New phones every week',
      text: 'Samsung, Tecno, Infinix and more. Genuine, with warranty.',
      link: '/c/phones',
      linkLabel: 'Shop phones',
    },
    announcement: { text: 'Order by 2 pm for same-day delivery in the CBD and Westlands', link: null },
    sections: [
      { type: 'featured_collection', collection: 'top-picks', title: 'Top picks this week' },
      { type: 'best_sellers' },
      { type: 'new_arrivals' },
      { type: 'category_grid' },
      { type: 'shop_by_area' },
    ],
    legalName: 'Nairobi Gadgets Limited',
    openingHours: 'Mon–Sat 8:00–19:00\nSun 10:00–16:00',
  },
  'mtindo-fashion': {
    color: '#9d174d',
    motifs: ['dress', 'shirt', 'bag'],
    hero: {
      headline: 'Kitenge season is here',
      text: 'Bold prints, everyday cuts. Exchange sizes within 7 days.',
      link: '/c/kitenge-ankara',
      linkLabel: 'Shop kitenge',
    },
    announcement: { text: 'Wrong size? Free exchange within 7 days', link: null },
    sections: [
      { type: 'new_arrivals', title: 'Just in' },
      { type: 'category_grid' },
      { type: 'featured_collection', collection: 'top-picks', title: 'Customer favourites' },
      { type: 'best_sellers' },
      { type: 'shop_by_area' },
    ],
    legalName: 'Mtindo Fashion Enterprises',
    openingHours: 'Mon–Sat 9:00–19:30\nSun closed',
  },
  'saa-bora': {
    color: '#1e3a5f',
    motifs: ['watch', 'smartwatch', 'watch'],
    hero: {
      headline: 'Time, done right',
      text: 'Genuine watches with a 12-month warranty and free strap sizing.',
      link: '/c/mens-watches',
      linkLabel: "Shop men's watches",
    },
    announcement: { text: 'Free strap sizing on every watch', link: '/c/straps-accessories' },
    sections: [
      { type: 'best_sellers' },
      { type: 'category_grid' },
      { type: 'featured_collection', collection: 'top-picks', title: 'Our picks' },
      { type: 'shop_by_area' },
    ],
    legalName: 'Saa Bora Traders',
    openingHours: 'Mon–Fri 8:30–18:30\nSat 9:00–17:00\nSun closed',
  },
  'nyumba-living': {
    color: '#9a3412',
    motifs: ['sofa', 'lamp', 'plant'],
    hero: {
      headline: 'Karibu nyumbani',
      text: 'Furniture, kitchen and decor for every Nairobi home.',
      link: '/c/living-room',
      linkLabel: 'Shop the living room',
    },
    announcement: { text: 'Delivery across Nairobi: check your area before you order', link: null },
    sections: [
      { type: 'category_grid', title: 'Shop by room' },
      { type: 'featured_collection', collection: 'top-picks' },
      { type: 'best_sellers' },
      { type: 'new_arrivals' },
      { type: 'shop_by_area' },
    ],
    legalName: 'Nyumba Living Limited',
    openingHours: 'Mon–Sat 9:00–18:00\nSun 11:00–16:00',
  },
};

export const HERO_WIDTH = 1200;
export const HERO_HEIGHT = 480;
const LOGO_SIZE = 192;

/** A 1200 x 480 banner: the brand colour, lighter towards the right, and three of the store's motifs. */
function heroSvg(look: DemoLook): string {
  const nested = look.motifs
    .map((m, i) => {
      const inner = productSvg(m, 'none', i === 1 ? '#ffffff' : look.color)
        .replace(/^<svg[^>]*>/, '')
        .replace(/<\/svg>$/, '');
      const x = 560 + i * 200;
      const y = i === 1 ? 60 : 140;
      return `<svg x="${x}" y="${y}" width="320" height="320" viewBox="0 0 800 800">${inner}</svg>`;
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${HERO_WIDTH}" height="${HERO_HEIGHT}" viewBox="0 0 ${HERO_WIDTH} ${HERO_HEIGHT}">` +
    `<defs><linearGradient id="g" x1="0" x2="1" y1="0" y2="0"><stop offset="0" stop-color="${look.color}"/>` +
    `<stop offset="1" stop-color="${look.color}" stop-opacity=".35"/></linearGradient></defs>` +
    `<rect width="${HERO_WIDTH}" height="${HERO_HEIGHT}" fill="#ffffff"/><rect width="${HERO_WIDTH}" height="${HERO_HEIGHT}" fill="url(#g)"/>` +
    nested +
    `</svg>`
  );
}

async function putPicture(
  trx: TenantTransaction,
  storage: MediaStorage,
  tenantId: string,
  kind: 'logo' | 'hero',
  bytes: Buffer,
): Promise<string> {
  const key = `${tenantId}/brand/demo-${kind}.webp`;
  const meta = await sharp(bytes).metadata();
  const renditions = await renderRenditionsCached(bytes);
  await putIfChanged(storage, key, bytes, 'image/webp');
  await Promise.all(
    renditions.map((r) => putIfChanged(storage, renditionKey(key, r.width, r.format), r.bytes, `image/${r.format}`)),
  );
  await trx
    .insertInto('store_media')
    .values({
      tenant_id: tenantId,
      kind,
      storage_key: key,
      content_type: 'image/webp',
      width: meta.width,
      height: meta.height,
      bytes: bytes.length,
      renditions: JSON.stringify(
        renditions.map((r) => ({
          format: r.format,
          width: r.width,
          height: r.height,
          key: renditionKey(key, r.width, r.format),
        })),
      ),
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'storage_key']).doNothing())
    .execute();
  const row = await trx
    .selectFrom('store_media')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('storage_key', '=', key)
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function seedBrand(
  trx: TenantTransaction,
  tenantId: string,
  store: SeedStore,
  storage: MediaStorage,
): Promise<void> {
  const look = LOOKS[store.slug];
  if (!look) return;
  const exists = await trx
    .selectFrom('store_identity')
    .select('tenant_id')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (exists) return;
  const logo = await sharp(await renderProductImage(look.motifs[0], '#ffffff', look.color))
    .resize(LOGO_SIZE, LOGO_SIZE)
    .webp({ quality: 85 })
    .toBuffer();
  const hero = await sharp(Buffer.from(heroSvg(look)))
    .webp({ quality: 80, effort: 4 })
    .toBuffer();
  const logoId = await putPicture(trx, storage, tenantId, 'logo', logo);
  const heroId = await putPicture(trx, storage, tenantId, 'hero', hero);
  await trx
    .insertInto('store_identity')
    .values({
      tenant_id: tenantId,
      brand_color: look.color,
      logo_media_id: logoId,
      hero_media_id: heroId,
      hero_headline: look.hero.headline,
      hero_text: look.hero.text,
      hero_link: look.hero.link,
      hero_link_label: look.hero.linkLabel,
      announcement: look.announcement.text,
      announcement_link: look.announcement.link,
      sections: JSON.stringify(look.sections),
      legal_name: look.legalName,
      physical_address: store.location,
      opening_hours: look.openingHours,
    })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
}
