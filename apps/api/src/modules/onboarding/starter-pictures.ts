import { Inject, Injectable } from '@nestjs/common';
import { renditionKey, renderRenditionsCached, type MediaStorage } from '@sokoni/db';
import { PRODUCT_IMAGE_SIZE, renderProductImage } from '@sokoni/db/dist/seed/images';
import { TenantDb } from '../../platform/tenant-db';
import { MEDIA_STORAGE, MediaService } from '../media/media.service';
import { OnboardingRepository } from './onboarding.repository';
import type { RequestContext } from '../../platform/request-context';

/** A starter product's picture, drawn as the demo seed draws them, stored and recorded through the media module. */
@Injectable()
export class StarterPictures {
  constructor(
    private readonly repository: OnboardingRepository,
    private readonly media: MediaService,
    private readonly tenantDb: TenantDb,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
  ) {}

  /** The generated picture (as the demo seed draws them) with its renditions, into media storage. */
  async add(
    ctx: RequestContext,
    slug: string,
    title: string,
    image: { motif: Parameters<typeof renderProductImage>[0]; background: string; accent: string },
  ): Promise<boolean> {
    const bytes = await renderProductImage(image.motif, image.background, image.accent);
    const renditions = await renderRenditionsCached(bytes);
    const key = `${ctx.tenantId}/products/${slug}.webp`;
    // Storage first: a row never points at an object that is not there.
    await this.storage.put(key, bytes, 'image/webp');
    await Promise.all(
      renditions.map((r) => this.storage.put(renditionKey(key, r.width, r.format), r.bytes, `image/${r.format}`)),
    );
    return this.tenantDb.run(ctx, async (trx) => {
      const productId = await this.repository.productIdBySlug(trx, slug);
      if (!productId || (await this.repository.hasMedia(trx, productId))) return false;
      await this.media.recordProductImageWithin(trx, {
        media: {
          tenant_id: ctx.tenantId,
          product_id: productId,
          storage_key: key,
          width: PRODUCT_IMAGE_SIZE,
          height: PRODUCT_IMAGE_SIZE,
          bytes: bytes.length,
          alt: title,
        },
        renditions: renditions.map((r) => ({
          format: r.format,
          width: r.width,
          height: r.height,
          storage_key: renditionKey(key, r.width, r.format),
          bytes: r.bytes.length,
        })),
      });
      return true;
    });
  }
}
