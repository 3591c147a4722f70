import { Controller, Param, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { ApiError } from '../../platform/api-error';
import { parseInput } from '../../platform/validation';
import { Ctx, OwnerGet, OwnerPost } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import { AggregationService, MAX_RECOMPUTE_DAYS } from './aggregation.service';
import { addDays, DAY_RE, daysBetween, nairobiDay } from '@sokoni/contracts';
import { InsightsService } from './insights.service';
import { LiveService } from './live.service';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const periodQuery = z.object({ period: z.enum(['day', 'week', 'month']).default('week') }).strict();
const day = z
  .string()
  .regex(DAY_RE, 'must be a date YYYY-MM-DD')
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    'must be a real calendar date',
  );
const recomputeQuery = z.object({ from: day, to: day }).strict();
const idParams = z.object({ id: z.string().uuid() });

/**
 * The owner dashboard's analytics (CONTRACT.md in this folder). Reading is orders.read (staff
 * too: they see the same shop numbers as the orders list); generating, recomputing and
 * dismissing change what everyone sees, so they need audit.read (owner and admin).
 */
@Controller('v1/owner/insights')
@UseGuards(OwnerAuthGuard)
export class OwnerInsightsController {
  constructor(
    private readonly insights: InsightsService,
    private readonly aggregation: AggregationService,
    private readonly live: LiveService,
  ) {}

  @OwnerGet('', 'orders.read')
  @ApiDoc({ query: periodQuery })
  async list(@Ctx() ctx: RequestContext, @Query() query: unknown) {
    const { period } = parseInput(periodQuery, query, 'query');
    return this.insights.list(ctx, period);
  }

  @OwnerGet('metrics', 'orders.read')
  @ApiDoc({ query: periodQuery })
  async metrics(@Ctx() ctx: RequestContext, @Query() query: unknown) {
    const { period } = parseInput(periodQuery, query, 'query');
    return this.insights.metrics(ctx, period);
  }

  @OwnerGet('live', 'orders.read')
  async liveCounters(@Ctx() ctx: RequestContext) {
    return this.live.counters(ctx);
  }

  @OwnerPost('generate', 'audit.read', 200)
  @ApiDoc({ query: periodQuery })
  async generate(@Ctx() ctx: RequestContext, @Query() query: unknown) {
    const { period } = parseInput(periodQuery, query, 'query');
    await this.insights.generate(ctx, period);
    return this.insights.list(ctx, period);
  }

  @OwnerPost('recompute', 'audit.read', 200)
  @ApiDoc({ query: recomputeQuery })
  async recompute(@Ctx() ctx: RequestContext, @Query() query: unknown) {
    const { from, to } = parseInput(recomputeQuery, query, 'query');
    const today = nairobiDay();
    if (from > to) throw new ApiError(400, 'validation_failed', '"from" must not be after "to"', { from, to });
    if (to > today)
      throw new ApiError(400, 'validation_failed', '"to" cannot be in the future (Nairobi time)', { to, today });
    const span = daysBetween(from, to) + 1;
    if (span > MAX_RECOMPUTE_DAYS)
      throw new ApiError(400, 'validation_failed', `At most ${MAX_RECOMPUTE_DAYS} days per call`, {
        from,
        to,
        days: span,
        maxDays: MAX_RECOMPUTE_DAYS,
        suggestedTo: addDays(from, MAX_RECOMPUTE_DAYS - 1),
      });
    const result = await this.aggregation.aggregateRange(ctx, from, to);
    return { from, to, days: result.days, ms: result.ms };
  }

  @OwnerPost(':id/dismiss', 'audit.read', 200)
  @ApiDoc({ params: idParams })
  async dismiss(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { id } = parseInput(idParams, params, 'params');
    return this.insights.dismiss(ctx, id, ctx.owner.userId);
  }
}
