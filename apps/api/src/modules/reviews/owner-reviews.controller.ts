import { Body, Controller, Param, Query, UseGuards } from '@nestjs/common';
import { productSlugSchema, reviewHideInputSchema, reviewReplyInputSchema } from '@sokoni/contracts';
import { z } from 'zod';
import type { RequestContext } from '../../platform/request-context';
import { parseInput } from '../../platform/validation';
import { Ctx, OwnerGet, OwnerPost, OwnerPut } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import { OwnerReviewsService } from './owner-reviews.service';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const idParams = z.object({ id: z.string().uuid('a review id') });
const listQuery = z.object({
  status: z.enum(['all', 'visible', 'hidden']).default('all'),
  rating: z.coerce.number().int().min(1).max(5).optional(),
  product: productSlugSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
});

/**
 * The owner's reviews: read with catalog.read (staff too); reply and hide with catalog.write
 * (owner and admin: what the storefront shows under the shop's name).
 */
@Controller('v1/owner/reviews')
@UseGuards(OwnerAuthGuard)
export class OwnerReviewsController {
  constructor(private readonly reviews: OwnerReviewsService) {}

  @OwnerGet('', 'catalog.read')
  @ApiDoc({ query: listQuery })
  async list(@Ctx() ctx: RequestContext, @Query() query: unknown) {
    const { status, rating, product, limit, cursor } = parseInput(listQuery, query, 'query');
    return this.reviews.list(ctx, { status, rating, product }, limit, cursor);
  }

  @OwnerGet(':id', 'catalog.read')
  @ApiDoc({ params: idParams })
  async get(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { id } = parseInput(idParams, params, 'params');
    return this.reviews.get(ctx, id);
  }

  @OwnerPut(':id/reply', 'catalog.write')
  @ApiDoc({ params: idParams, body: reviewReplyInputSchema })
  async reply(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { id } = parseInput(idParams, params, 'params');
    const input = parseInput(reviewReplyInputSchema, body ?? {}, 'body');
    return this.reviews.reply(ctx, id, input.body);
  }

  @OwnerPost(':id/hide', 'catalog.write', 200)
  @ApiDoc({ params: idParams, body: reviewHideInputSchema })
  async hide(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { id } = parseInput(idParams, params, 'params');
    const input = parseInput(reviewHideInputSchema, body ?? {}, 'body');
    return this.reviews.hide(ctx, id, input.reason);
  }

  @OwnerPost(':id/unhide', 'catalog.write', 200)
  @ApiDoc({ params: idParams })
  async unhide(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { id } = parseInput(idParams, params, 'params');
    return this.reviews.unhide(ctx, id);
  }
}
