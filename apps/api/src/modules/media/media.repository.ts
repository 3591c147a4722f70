import { Injectable } from '@nestjs/common';
import type { RenditionFormat, TenantTransaction } from '@sokoni/db';
import type { Insertable } from 'kysely';
import type { ProductMediaRenditionsTable, ProductMediaTable } from '@sokoni/db';

export interface MediaVariant {
  storageKey: string;
  contentType: string;
  /** webp, avif, jpeg or png. */
  format: string;
  width: number;
}

/** A stored picture: the original and its renditions (narrowest first). */
export interface MediaEntry {
  original: MediaVariant;
  renditions: (MediaVariant & { format: RenditionFormat })[];
}

/** A product picture's row and its renditions' rows, as the demo seed and the wizard write them. */
export interface NewProductImage {
  media: {
    tenant_id: string;
    product_id: string;
    storage_key: string;
    width: number;
    height: number;
    bytes: number;
    alt: string;
  };
  renditions: { format: RenditionFormat; width: number; height: number; storage_key: string; bytes: number }[];
}

@Injectable()
export class MediaRepository {
  /** A product's first picture (WebP, position 0); a key already recorded is left as it is. */
  async insertProductImage(trx: TenantTransaction, image: NewProductImage): Promise<void> {
    const media = await trx
      .insertInto('product_media')
      .values({ ...image.media, content_type: 'image/webp', position: 0 })
      .onConflict((oc) => oc.columns(['tenant_id', 'storage_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!media || image.renditions.length === 0) return;
    await trx
      .insertInto('product_media_renditions')
      .values(image.renditions.map((r) => ({ tenant_id: image.media.tenant_id, media_id: media.id, ...r })))
      .onConflict((oc) => oc.columns(['tenant_id', 'media_id', 'format', 'width']).doNothing())
      .execute();
  }

  /**
   * The media whose original, or one of whose renditions, has this key. Runs inside the key's
   * tenant transaction: RLS decides; the explicit tenant_id lets the (tenant_id, ...) keys serve.
   */
  async findByKey(trx: TenantTransaction, tenantId: string, storageKey: string): Promise<MediaEntry | null> {
    const byOriginal = await this.withRenditions(trx, tenantId, 'storage_key', storageKey);
    if (byOriginal) return byOriginal;
    const rendition = await trx
      .selectFrom('product_media_renditions')
      .select('media_id')
      .where('tenant_id', '=', tenantId)
      .where('storage_key', '=', storageKey)
      .executeTakeFirst();
    if (rendition) return this.withRenditions(trx, tenantId, 'id', rendition.media_id);
    return this.brandPicture(trx, tenantId, storageKey);
  }

  /**
   * Read model of the store-identity module's store_media (logo, hero banner: keys under
   * `<tenant>/brand/`): the original by its key, or by a rendition's key (`<stem>@w320.avif`).
   */
  private async brandPicture(trx: TenantTransaction, tenantId: string, key: string): Promise<MediaEntry | null> {
    if (!key.startsWith(`${tenantId}/brand/`)) return null;
    const row = await trx
      .selectFrom('store_media')
      .select(['storage_key', 'content_type', 'width', 'renditions'])
      .where('tenant_id', '=', tenantId)
      .where('storage_key', '=', key.replace(/@w\d+\.(avif|webp)$/, '.webp'))
      .executeTakeFirst();
    if (!row) return null;
    return {
      original: {
        storageKey: row.storage_key,
        contentType: row.content_type,
        format: row.content_type.replace('image/', ''),
        width: row.width,
      },
      renditions: [...row.renditions]
        .sort((a, b) => a.width - b.width)
        .map((r) => ({ storageKey: r.key, contentType: `image/${r.format}`, format: r.format, width: r.width })),
    };
  }

  private async withRenditions(
    trx: TenantTransaction,
    tenantId: string,
    by: 'storage_key' | 'id',
    value: string,
  ): Promise<MediaEntry | null> {
    const rows = await trx
      .selectFrom('product_media as m')
      .leftJoin('product_media_renditions as r', (join) =>
        join.onRef('r.tenant_id', '=', 'm.tenant_id').onRef('r.media_id', '=', 'm.id'),
      )
      .select([
        'm.storage_key',
        'm.content_type',
        'm.width',
        'r.format as r_format',
        'r.width as r_width',
        'r.storage_key as r_key',
      ])
      .where('m.tenant_id', '=', tenantId)
      .where(`m.${by}`, '=', value)
      .orderBy('r.width')
      .execute();
    const first = rows[0];
    if (!first) return null;
    return {
      original: {
        storageKey: first.storage_key,
        contentType: first.content_type,
        format: first.content_type.replace('image/', ''),
        width: first.width,
      },
      renditions: rows.flatMap((r) =>
        r.r_key && r.r_format && r.r_width
          ? [{ storageKey: r.r_key, contentType: `image/${r.r_format}`, format: r.r_format, width: r.r_width }]
          : [],
      ),
    };
  }

  /** Read model of the catalog's products table: the product a photo is being added to. */
  productBySlug(trx: TenantTransaction, slug: string) {
    return trx.selectFrom('products').select(['id', 'title']).where('slug', '=', slug).executeTakeFirst();
  }

  /** How many photos the product has: the next photo's position. */
  async mediaCount(trx: TenantTransaction, productId: string): Promise<number> {
    const row = await trx
      .selectFrom('product_media')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('product_id', '=', productId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insertMedia(trx: TenantTransaction, row: Insertable<ProductMediaTable>): Promise<string> {
    const { id } = await trx.insertInto('product_media').values(row).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  async setPosition(trx: TenantTransaction, id: string, position: number): Promise<void> {
    await trx.updateTable('product_media').set({ position }).where('id', '=', id).execute();
  }

  /** Removes the photo's rows (renditions cascade; a variant showing it keeps no photo). */
  async deleteMedia(trx: TenantTransaction, id: string): Promise<void> {
    await trx.deleteFrom('product_media').where('id', '=', id).execute();
  }

  async insertRenditions(trx: TenantTransaction, rows: Insertable<ProductMediaRenditionsTable>[]): Promise<void> {
    if (rows.length) await trx.insertInto('product_media_renditions').values(rows).execute();
  }
}

/** A product's photos in order (id and position), for reordering. */
export async function photosInOrder(trx: TenantTransaction, productId: string) {
  return trx
    .selectFrom('product_media')
    .select(['id', 'position', 'storage_key'])
    .where('product_id', '=', productId)
    .orderBy('position')
    .orderBy('created_at')
    .forUpdate()
    .execute();
}
