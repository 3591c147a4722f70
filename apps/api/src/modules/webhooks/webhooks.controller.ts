import { Body, Controller, HttpCode, Param, UseGuards } from '@nestjs/common';
import {
  createdWebhookSchema,
  createWebhookSchema,
  updateWebhookSchema,
  webhookDeliveryListSchema,
  webhookEndpointListSchema,
  webhookPingSchema,
  webhookRemovedSchema,
  webhookResentSchema,
  webhookUpdatedSchema,
} from '@sokoni/contracts';
import { z } from 'zod';
import { ApiDoc } from '../../openapi/api-doc.decorator';
import { parseInput } from '../../platform/validation';
import { Ctx, OwnerDelete, OwnerGet, OwnerPatch, OwnerPost } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import { WebhooksService } from './webhooks.service';
import type { RequestContext } from '../../platform/request-context';

const idParams = z.object({ id: z.string().uuid('not a webhook endpoint id') });
const deliveryParams = z.object({ delivery: z.string().uuid('not a webhook delivery id') });

/**
 * The owner's outbound webhooks (docs/webhooks.md). settings.write: owners and admins; staff
 * never point the store's order data at another system.
 */
@Controller('v1/owner/settings/webhooks')
@UseGuards(OwnerAuthGuard)
export class OwnerWebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @OwnerGet('', 'settings.write')
  @ApiDoc({ response: webhookEndpointListSchema })
  list(@Ctx() ctx: RequestContext) {
    return this.webhooks.list(ctx);
  }

  /** 201 with the signing secret, shown this once. */
  @OwnerPost('', 'settings.write')
  @HttpCode(201)
  @ApiDoc({ body: createWebhookSchema, response: createdWebhookSchema })
  create(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    return this.webhooks.create(ctx, parseInput(createWebhookSchema, body ?? {}, 'body'));
  }

  @OwnerPatch(':id', 'settings.write')
  @ApiDoc({ params: idParams, body: updateWebhookSchema, response: webhookUpdatedSchema })
  async update(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { id } = parseInput(idParams, params, 'params');
    return { endpoint: await this.webhooks.update(ctx, id, parseInput(updateWebhookSchema, body ?? {}, 'body')) };
  }

  @OwnerDelete(':id', 'settings.write')
  @HttpCode(200)
  @ApiDoc({ params: idParams, response: webhookRemovedSchema })
  async remove(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { id } = parseInput(idParams, params, 'params');
    await this.webhooks.remove(ctx, id);
    return { removed: true as const };
  }

  @OwnerGet(':id/deliveries', 'settings.write')
  @ApiDoc({ params: idParams, response: webhookDeliveryListSchema })
  deliveries(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { id } = parseInput(idParams, params, 'params');
    return this.webhooks.deliveries(ctx, id);
  }

  @OwnerPost(':id/test', 'settings.write')
  @HttpCode(202)
  @ApiDoc({ params: idParams, response: webhookPingSchema })
  ping(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { id } = parseInput(idParams, params, 'params');
    return this.webhooks.ping(ctx, id);
  }

  @OwnerPost('deliveries/:delivery/resend', 'settings.write')
  @HttpCode(202)
  @ApiDoc({ params: deliveryParams, response: webhookResentSchema })
  async resend(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { delivery } = parseInput(deliveryParams, params, 'params');
    return { delivery: await this.webhooks.resend(ctx, delivery) };
  }
}
