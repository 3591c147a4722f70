import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { BrandingView } from '@sokoni/contracts';
import { renditionKey, renderRenditions, type MediaStorage } from '@sokoni/db';
import sharp from 'sharp';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { AuditService } from '../audit/audit.service';
import { MEDIA_STORAGE } from '../media/media.service';
import { BrandingService, defaultFields } from './branding.service';
import { StoreIdentityRepository } from './store-identity.repository';
import type { RequestContext } from '../../platform/request-context';

export type BrandPictureKind = 'logo' | 'hero';

/** Longest side kept, and the smallest picture that still looks sharp where it is drawn. */
const LIMITS: Record<BrandPictureKind, { maxSide: number; minWidth: number; minHeight: number }> = {
  logo: { maxSide: 512, minWidth: 64, minHeight: 64 },
  hero: { maxSide: 1600, minWidth: 640, minHeight: 200 },
};

/**
 * Logo and hero banner upload: any common image in, a WebP original (metadata stripped) and the
 * storefront's AVIF/WebP renditions out, stored like product photos (keys under
 * `<tenant>/brand/`, never reused) and served by /media. Removing one only unlinks it.
 */
@Injectable()
export class BrandPicturesService {
  constructor(
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
    private readonly tenantDb: TenantDb,
    private readonly repository: StoreIdentityRepository,
    private readonly branding: BrandingService,
    private readonly audit: AuditService,
  ) {}

  async upload(ctx: RequestContext, kind: BrandPictureKind, upload: Buffer): Promise<BrandingView> {
    const limits = LIMITS[kind];
    let original: Buffer;
    let width: number;
    let height: number;
    try {
      const image = sharp(upload, { failOn: 'error', limitInputPixels: 40_000_000 }).rotate();
      const meta = await image.metadata();
      if (!meta.width || !meta.height || meta.width < limits.minWidth || meta.height < limits.minHeight) {
        throw new ApiError(
          400,
          'validation_failed',
          `The ${kind} must be at least ${limits.minWidth} x ${limits.minHeight} px`,
          { where: 'body', issues: [{ path: kind, message: `at least ${limits.minWidth} x ${limits.minHeight} px` }] },
        );
      }
      const out = await image
        .resize({ width: limits.maxSide, height: limits.maxSide, fit: 'inside', withoutEnlargement: true })
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
        `That ${kind} is not an image we can read (send JPEG, PNG, WebP or AVIF)`,
        { where: 'body', field: kind },
      );
    }
    const renditions = await renderRenditions(original);
    const key = `${ctx.tenantId}/brand/${kind}-${randomBytes(12).toString('hex')}.webp`;
    // Storage first: a row never points at an object that is not there.
    await this.storage.put(key, original, 'image/webp');
    await Promise.all(
      renditions.map((r) => this.storage.put(renditionKey(key, r.width, r.format), r.bytes, `image/${r.format}`)),
    );
    const slug = await this.tenantDb.run(ctx, async (trx) => {
      const before = await this.branding.resolveWithin(trx, ctx.tenantId);
      const mediaId = await this.repository.insertMedia(trx, {
        tenant_id: ctx.tenantId,
        kind,
        storage_key: key,
        content_type: 'image/webp',
        width,
        height,
        bytes: original.length,
        renditions: renditions.map((r) => ({
          format: r.format,
          width: r.width,
          height: r.height,
          key: renditionKey(key, r.width, r.format),
        })),
      });
      await this.repository.setPicture(trx, ctx.tenantId, kind, mediaId, defaultFields(before.store.vertical));
      await this.audit.record(trx, ctx, {
        action: `store.${kind}_changed`,
        entity: { type: 'store', id: before.store.slug },
        before: { key: (kind === 'logo' ? before.logo : before.heroImage)?.url ?? null },
        after: { key: `/media/${key}`, width, height },
      });
      return before.store.slug;
    });
    await this.branding.revalidate(ctx, slug);
    return this.branding.ownerView(ctx);
  }

  async remove(ctx: RequestContext, kind: BrandPictureKind): Promise<BrandingView> {
    const slug = await this.tenantDb.run(ctx, async (trx) => {
      const before = await this.branding.resolveWithin(trx, ctx.tenantId);
      await this.repository.setPicture(trx, ctx.tenantId, kind, null, defaultFields(before.store.vertical));
      await this.audit.record(trx, ctx, {
        action: `store.${kind}_changed`,
        entity: { type: 'store', id: before.store.slug },
        before: { key: (kind === 'logo' ? before.logo : before.heroImage)?.url ?? null },
        after: { key: null },
      });
      return before.store.slug;
    });
    await this.branding.revalidate(ctx, slug);
    return this.branding.ownerView(ctx);
  }
}
