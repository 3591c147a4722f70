import { Body, Controller, Header, Param, UseGuards } from '@nestjs/common';
import {
  couponCodeSchema,
  ownerCouponBatchSchema,
  ownerCouponCreateSchema,
  ownerCouponUpdateSchema,
  ownerPromotionCreateSchema,
  ownerPromotionUpdateSchema,
} from '@sokoni/contracts';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import type { RequestContext } from '../../platform/request-context';
import { Ctx, OwnerGet, OwnerPatch, OwnerPost } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import { OwnerAutomaticPromotionsService } from './owner-automatic.service';
import { OwnerCouponBatchesService } from './owner-coupon-batches.service';
import { OwnerCouponsService } from './owner-coupons.service';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const codeParams = z.object({ code: couponCodeSchema });
const batchParams = z.object({ batch: z.string().uuid() });
const idParams = z.object({ id: z.string().uuid() });
const stateParams = z.object({ action: z.enum(['pause', 'resume', 'end']) });
const couponStateParams = codeParams.merge(stateParams);
const automaticStateParams = idParams.merge(stateParams);

/**
 * The owner's promotions. Reading them is `catalog.read` (staff may look a code up for a
 * shopper); every change is `prices.write` (owner and admin: a discount moves money), and writes
 * an audit row.
 */
@Controller('v1/owner/promotions')
@UseGuards(OwnerAuthGuard)
export class OwnerPromotionsController {
  constructor(
    private readonly coupons: OwnerCouponsService,
    private readonly batches: OwnerCouponBatchesService,
    private readonly automatic: OwnerAutomaticPromotionsService,
  ) {}

  @OwnerGet('coupons', 'catalog.read')
  async listCoupons(@Ctx() ctx: RequestContext) {
    return this.coupons.list(ctx);
  }

  @OwnerPost('coupons', 'prices.write', 201)
  @ApiDoc({ body: ownerCouponCreateSchema })
  async createCoupon(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    return { coupon: await this.coupons.create(ctx, parseInput(ownerCouponCreateSchema, body, 'body')) };
  }

  @OwnerGet('coupons/:code', 'catalog.read')
  @ApiDoc({ params: codeParams })
  async getCoupon(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { code } = parseInput(codeParams, params, 'params');
    return { coupon: await this.coupons.get(ctx, code) };
  }

  @OwnerPatch('coupons/:code', 'prices.write')
  @ApiDoc({ params: codeParams, body: ownerCouponUpdateSchema })
  async updateCoupon(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { code } = parseInput(codeParams, params, 'params');
    return { coupon: await this.coupons.update(ctx, code, parseInput(ownerCouponUpdateSchema, body, 'body')) };
  }

  /** pause | resume | end (ended is final). */
  @OwnerPost('coupons/:code/:action', 'prices.write', 200)
  @ApiDoc({ params: couponStateParams })
  async couponState(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { code, action } = parseInput(couponStateParams, params, 'params');
    return { coupon: await this.coupons.setState(ctx, code, action) };
  }

  @OwnerGet('coupon-batches', 'catalog.read')
  async listBatches(@Ctx() ctx: RequestContext) {
    return this.batches.batches(ctx);
  }

  /** N single-use codes; the answer lists them, and codes.csv gives them again any time. */
  @OwnerPost('coupon-batches', 'prices.write', 201)
  @ApiDoc({ body: ownerCouponBatchSchema })
  async generateBatch(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    return this.batches.generateBatch(ctx, parseInput(ownerCouponBatchSchema, body, 'body'));
  }

  @OwnerGet('coupon-batches/:batch/codes.csv', 'catalog.read')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="coupon-codes.csv"')
  @ApiDoc({ params: batchParams })
  async batchCsv(@Ctx() ctx: RequestContext, @Param() params: unknown): Promise<string> {
    const { batch } = parseInput(batchParams, params, 'params');
    return this.batches.batchCsv(ctx, batch);
  }

  @OwnerPost('coupon-batches/:batch/end', 'prices.write', 200)
  @ApiDoc({ params: batchParams })
  async endBatch(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { batch } = parseInput(batchParams, params, 'params');
    return { batch: await this.batches.endBatch(ctx, batch) };
  }

  @OwnerGet('automatic', 'catalog.read')
  async listAutomatic(@Ctx() ctx: RequestContext) {
    return this.automatic.list(ctx);
  }

  @OwnerPost('automatic', 'prices.write', 201)
  @ApiDoc({ body: ownerPromotionCreateSchema })
  async createAutomatic(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    return { promotion: await this.automatic.create(ctx, parseInput(ownerPromotionCreateSchema, body, 'body')) };
  }

  @OwnerPatch('automatic/:id', 'prices.write')
  @ApiDoc({ params: idParams, body: ownerPromotionUpdateSchema })
  async updateAutomatic(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { id } = parseInput(idParams, params, 'params');
    return { promotion: await this.automatic.update(ctx, id, parseInput(ownerPromotionUpdateSchema, body, 'body')) };
  }

  @OwnerPost('automatic/:id/:action', 'prices.write', 200)
  @ApiDoc({ params: automaticStateParams })
  async automaticState(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { id, action } = parseInput(automaticStateParams, params, 'params');
    return { promotion: await this.automatic.setState(ctx, id, action) };
  }
}
