import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { renditionKey, renderRenditions, type MediaStorage } from '@sokoni/db';
import sharp from 'sharp';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { AuditService } from '../audit/audit.service';
import { MediaRepository } from './media.repository';
import { MEDIA_STORAGE } from './media.service';
import type { RequestContext } from '../../platform/request-context';

/** Uploads are normalised: longest side at most this, WebP, metadata (GPS!) stripped. */
const MAX_SIDE = 1600;
const MIN_SIDE = 200;

/** HEIF/HEIC brands (an iPhone camera's default): this build's image library cannot decode them. */
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/**
 * Refuses, before decoding, what we know we cannot read, with what to do instead: HEIC photos
 * (AVIF shares the container, so the brand decides).
 */
export function refuseUnsupported(upload: Buffer): void {
  if (upload.length >= 12 && upload.toString('latin1', 4, 8) === 'ftyp') {
    const brand = upload.toString('latin1', 8, 12);
    const boxEnd = Math.min(upload.readUInt32BE(0), upload.length, 64);
    const isAvif = upload.toString('latin1', 8, boxEnd).includes('avif');
    if (HEIF_BRANDS.has(brand) && !isAvif)
      throw new ApiError(
        415,
        'unsupported_media_type',
        'HEIC photos (the iPhone camera default) are not supported: send a JPEG instead (on the iPhone: Settings > Camera > Formats > Most Compatible, or share the photo as JPEG)',
        { where: 'body', field: 'photo', format: 'heic' },
      );
  }
}

/**
 * Owner product photo upload: any common image in, a clean WebP original plus AVIF/WebP
 * renditions out (the same sizes the storefront's loader asks for), stored in the configured
 * storage (local disk or S3) and recorded on the product.
 */
@Injectable()
export class MediaUploadService {
  constructor(
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
    private readonly tenantDb: TenantDb,
    private readonly audit: AuditService,
    private readonly repository: MediaRepository,
  ) {}

  async addProductImage(ctx: RequestContext, productSlug: string, upload: Buffer, alt: string | undefined) {
    refuseUnsupported(upload);
    let original: Buffer;
    let width: number;
    let height: number;
    try {
      const image = sharp(upload, { failOn: 'error', limitInputPixels: 40_000_000 }).rotate();
      const meta = await image.metadata();
      if (!meta.width || !meta.height || Math.min(meta.width, meta.height) < MIN_SIDE) {
        throw new ApiError(400, 'validation_failed', `Photos must be at least ${MIN_SIDE} px on each side`, {
          where: 'body',
        });
      }
      const out = await image
        .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 82 })
        .toBuffer({ resolveWithObject: true });
      original = out.data;
      width = out.info.width;
      height = out.info.height;
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError(
        415,
        'unsupported_media_type',
        'That file is not an image we can read (send JPEG, PNG, WebP or AVIF)',
        { where: 'body' },
      );
    }
    const renditions = await renderRenditions(original);
    return this.tenantDb.run(ctx, async (trx) => {
      const product = await this.repository.productBySlug(trx, productSlug);
      if (!product) throw ApiError.notFound('not_found', `No product "${productSlug}" in your store`);
      // 96 random bits: a new upload never lands on an existing key, so media is never overwritten
      // in place (with bucket versioning on, every object ever served can be restored).
      const key = `${ctx.tenantId}/products/${productSlug}-${randomBytes(12).toString('hex')}.webp`;
      // Storage first: a row never points at an object that is not there.
      await this.storage.put(key, original, 'image/webp');
      await Promise.all(
        renditions.map((r) => this.storage.put(renditionKey(key, r.width, r.format), r.bytes, `image/${r.format}`)),
      );
      const position = await this.repository.mediaCount(trx, product.id);
      const mediaId = await this.repository.insertMedia(trx, {
        tenant_id: ctx.tenantId,
        product_id: product.id,
        storage_key: key,
        content_type: 'image/webp',
        width,
        height,
        bytes: original.length,
        alt: alt ?? product.title,
        position,
      });
      await this.repository.insertRenditions(
        trx,
        renditions.map((r) => ({
          tenant_id: ctx.tenantId,
          media_id: mediaId,
          format: r.format,
          width: r.width,
          height: r.height,
          storage_key: renditionKey(key, r.width, r.format),
          bytes: r.bytes.length,
        })),
      );
      await this.audit.record(trx, ctx, {
        action: 'product.image_added',
        entity: { type: 'product', id: productSlug },
        after: { key, width, height, renditions: renditions.length },
      });
      return {
        image: { url: `/media/${key}`, width, height, alt: alt ?? product.title },
        renditions: renditions.map((r) => ({ format: r.format, width: r.width, bytes: r.bytes.length })),
      };
    });
  }
}
