import { Controller, Query, UseGuards } from '@nestjs/common';
import { ApiDoc } from '../../openapi/api-doc.decorator';
import { productSlugSchema } from '@sokoni/contracts';
import { z } from 'zod';
import type { RequestContext } from '../../platform/request-context';
import { parseInput } from '../../platform/validation';
import { Ctx, OwnerGet } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import { BackInStockService } from './back-in-stock.service';

const waitingQuery = z.object({ product: productSlugSchema.optional() }).strict();

/** How many shoppers wait for each sold-out variant (catalog.read: staff who restock see it too). */
@Controller('v1/owner/back-in-stock')
@UseGuards(OwnerAuthGuard)
export class OwnerBackInStockController {
  constructor(private readonly backInStock: BackInStockService) {}

  @OwnerGet('', 'catalog.read')
  @ApiDoc({ query: waitingQuery })
  async waiting(@Ctx() ctx: RequestContext, @Query() query: unknown) {
    const { product } = parseInput(waitingQuery, query ?? {}, 'query');
    return this.backInStock.waiting(ctx, product);
  }
}
