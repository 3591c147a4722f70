import { Body, Controller, Param, Query, UseGuards } from '@nestjs/common';
import { ownerPhotoMoveSchema, productSlugSchema, singleLineText } from '@sokoni/contracts';
import { z } from 'zod';
import { ApiError } from '../../platform/api-error';
import { parseInput } from '../../platform/validation';
import { Ctx, OwnerDelete, OwnerPost } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import { MediaPhotosService } from './media-photos.service';
import { MediaUploadService } from './media-upload.service';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const imageParams = z.object({ product: productSlugSchema, image: z.string().uuid('not a photo id') });
const productParams = z.object({ product: productSlugSchema });
const uploadQuery = z.object({ alt: singleLineText.trim().min(1).max(200).optional() });

/** Owner photo upload: the raw image is the request body (image/jpeg, png, webp or avif). */
@Controller('v1/owner/catalog/products/:product/images')
@UseGuards(OwnerAuthGuard)
export class OwnerMediaController {
  constructor(
    private readonly uploads: MediaUploadService,
    private readonly photos: MediaPhotosService,
  ) {}

  @OwnerPost('', 'catalog.write', 201)
  @ApiDoc({ params: productParams, query: uploadQuery })
  async upload(@Ctx() ctx: RequestContext, @Param() params: unknown, @Query() query: unknown, @Body() body: unknown) {
    const { product } = parseInput(productParams, params, 'params');
    const { alt } = parseInput(uploadQuery, query, 'query');
    if (!Buffer.isBuffer(body) || body.length === 0)
      throw new ApiError(
        415,
        'unsupported_media_type',
        'Send the photo as the request body with an image/* content type',
      );
    return this.uploads.addProductImage(ctx, product, body, alt);
  }

  /** One place up or down in the product's photos, or to a place (dragged); the first is the main picture. */
  @OwnerPost(':image/move', 'catalog.write', 200)
  @ApiDoc({ params: imageParams, body: ownerPhotoMoveSchema })
  async move(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { product, image } = parseInput(imageParams, params, 'params');
    const move = parseInput(ownerPhotoMoveSchema, body, 'body');
    await this.photos.move(ctx, product, image, move.direction ?? move.position!);
    return { done: true };
  }

  @OwnerDelete(':image', 'catalog.write', 200)
  @ApiDoc({ params: imageParams })
  async remove(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { product, image } = parseInput(imageParams, params, 'params');
    await this.photos.remove(ctx, product, image);
    return { done: true };
  }
}
