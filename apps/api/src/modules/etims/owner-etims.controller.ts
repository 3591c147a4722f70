import { Body, Controller, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { etimsSettingsInputSchema } from '@sokoni/contracts';
import type { Queue } from 'bullmq';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import { QUEUES } from '../../platform/tokens';
import { enqueue, type QueueName } from '../../queues/queues';
import { Ctx, OwnerGet, OwnerPost, OwnerPut } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import type { RequestContext } from '../../platform/request-context';
import { EtimsOwnerService } from './etims-owner.service';
import { EtimsSettingsService } from './etims-settings.service';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const documentParams = z.object({ id: z.string().uuid() });
const dayQuery = z.object({
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
    .optional(),
});

/**
 * The owner's eTIMS: settings (PIN, branch, device; switching on initialises the device), the
 * fiscal documents with KRA's answer (a rejection's reason in words), resending, and the
 * day's orders without an accepted invoice. Changing them is settings.write (owner, admin).
 */
@Controller('v1/owner')
@UseGuards(OwnerAuthGuard)
export class OwnerEtimsController {
  constructor(
    private readonly settings: EtimsSettingsService,
    private readonly owner: EtimsOwnerService,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
  ) {}

  @OwnerGet('settings/etims', 'orders.read')
  async getSettings(@Ctx() ctx: RequestContext) {
    return { settings: await this.settings.view(ctx) };
  }

  @OwnerPut('settings/etims', 'settings.write')
  @ApiDoc({ body: etimsSettingsInputSchema })
  async saveSettings(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    const settings = await this.settings.save(ctx, parseInput(etimsSettingsInputSchema, body ?? {}, 'body'));
    if (settings.enabled) await enqueue(this.queues.get('payments')!, 'etims.send', ctx.tenantId, { attempt: 0 });
    return { settings };
  }

  @OwnerPost('settings/etims/initialise', 'settings.write')
  async initialise(@Ctx() ctx: RequestContext) {
    return { settings: await this.settings.initialise(ctx) };
  }

  @OwnerGet('etims/documents', 'orders.read')
  async documents(@Ctx() ctx: RequestContext) {
    return { documents: await this.owner.documents(ctx) };
  }

  /** A rejected document sent again (after the owner fixed what KRA refused), or every open one now. */
  @OwnerPost('etims/documents/:id/retry', 'settings.write')
  @ApiDoc({ params: documentParams })
  async retry(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { id } = parseInput(documentParams, params, 'params');
    const document = await this.owner.retry(ctx, id);
    await enqueue(this.queues.get('payments')!, 'etims.send', ctx.tenantId, { attempt: 0 });
    return { document };
  }

  @OwnerPost('etims/send-pending', 'settings.write')
  async sendPending(@Ctx() ctx: RequestContext) {
    await enqueue(this.queues.get('payments')!, 'etims.send', ctx.tenantId, { attempt: 0 });
    return { queued: true };
  }

  /** Sold orders of a Nairobi day (default today) without an accepted eTIMS invoice. */
  @OwnerGet('etims/unfiscalised', 'orders.read')
  @ApiDoc({ query: dayQuery })
  async unfiscalised(@Ctx() ctx: RequestContext, @Query() query: unknown) {
    const { day } = parseInput(dayQuery, query ?? {}, 'query');
    return this.owner.unfiscalised(ctx, day);
  }
}
