import { Body, Controller, Param, Query, UseGuards } from '@nestjs/common';
import { productSlugSchema, singleLineText } from '@sokoni/contracts';
import { z } from 'zod';
import { ApiError } from '../../platform/api-error';
import { parseInput } from '../../platform/validation';
import { Ctx, OwnerPost } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import { MediaUploadService } from './media-upload.service';
import type { RequestContext } from '../../platform/request-context';

/** Owner photo upload: the raw image is the request body (image/jpeg, png, webp or avif). */
@Controller('v1/owner/catalog/products/:product/images')
@UseGuards(OwnerAuthGuard)
export class OwnerMediaController {
  constructor(private readonly uploads: MediaUploadService) {}

  @OwnerPost('', 'catalog.write', 201)
  async upload(@Ctx() ctx: RequestContext, @Param() params: unknown, @Query() query: unknown, @Body() body: unknown) {
    const { product } = parseInput(z.object({ product: productSlugSchema }), params, 'params');
    const { alt } = parseInput(z.object({ alt: singleLineText.trim().min(1).max(200).optional() }), query, 'query');
    if (!Buffer.isBuffer(body) || body.length === 0)
      throw new ApiError(
        415,
        'unsupported_media_type',
        'Send the photo as the request body with an image/* content type',
      );
    return this.uploads.addProductImage(ctx, product, body, alt);
  }
}
