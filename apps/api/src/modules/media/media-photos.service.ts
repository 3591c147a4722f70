import { Injectable } from '@nestjs/common';
import { ApiError } from '../../platform/api-error';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { AuditService } from '../audit/audit.service';
import { MediaRepository, photosInOrder } from './media.repository';

/**
 * A product's photos in the owner's order: one place up or down (positions renumbered 0..n-1, the
 * first is the product's main picture) or removed. Removing keeps the stored objects (media keys
 * are never reused, so a restored database still finds every picture it names).
 */
@Injectable()
export class MediaPhotosService {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly audit: AuditService,
    private readonly repository: MediaRepository,
  ) {}

  /** `to`: one place up or down, or a place (0 = main photo; a photo dragged in the owner's list). */
  async move(ctx: RequestContext, productSlug: string, mediaId: string, to: 'up' | 'down' | number) {
    const direction = typeof to === 'number' ? undefined : to;
    await this.tenantDb.run(ctx, async (trx) => {
      const product = await this.requireProduct(trx, productSlug);
      const photos = await photosInOrder(trx, product.id);
      const i = photos.findIndex((p) => p.id === mediaId);
      if (i < 0) throw notFound(mediaId, product.title);
      if (typeof to === 'number') {
        if (to >= photos.length)
          throw new ApiError(
            400,
            'validation_failed',
            `${product.title} has ${photos.length} photo${photos.length === 1 ? '' : 's'}: the last place is ${photos.length - 1}`,
            { field: 'position' },
          );
        photos.splice(to, 0, ...photos.splice(i, 1));
      } else {
        const j = to === 'up' ? i - 1 : i + 1;
        if (j >= 0 && j < photos.length) [photos[i], photos[j]] = [photos[j]!, photos[i]!];
      }
      for (const [position, p] of photos.entries())
        if (p.position !== position) await this.repository.setPosition(trx, p.id, position);
      await this.audit.record(trx, ctx, {
        action: 'product.image_moved',
        entity: { type: 'product', id: productSlug },
        after: {
          image: mediaId,
          ...(direction ? { direction } : {}),
          position: photos.findIndex((p) => p.id === mediaId),
        },
      });
    });
  }

  async remove(ctx: RequestContext, productSlug: string, mediaId: string) {
    await this.tenantDb.run(ctx, async (trx) => {
      const product = await this.requireProduct(trx, productSlug);
      const photos = await photosInOrder(trx, product.id);
      const photo = photos.find((p) => p.id === mediaId);
      if (!photo) throw notFound(mediaId, product.title);
      await this.repository.deleteMedia(trx, mediaId);
      for (const [position, p] of photos.filter((x) => x.id !== mediaId).entries())
        if (p.position !== position) await this.repository.setPosition(trx, p.id, position);
      await this.audit.record(trx, ctx, {
        action: 'product.image_removed',
        entity: { type: 'product', id: productSlug },
        before: { image: mediaId, key: photo.storage_key },
      });
    });
  }

  private async requireProduct(trx: Parameters<MediaRepository['productBySlug']>[0], slug: string) {
    const product = await this.repository.productBySlug(trx, slug);
    if (!product) throw ApiError.notFound('not_found', `No product "${slug}" in your store`, { product: slug });
    return product;
  }
}

function notFound(mediaId: string, title: string): ApiError {
  return ApiError.notFound('not_found', `No photo ${mediaId} on ${title}`, { image: mediaId });
}
