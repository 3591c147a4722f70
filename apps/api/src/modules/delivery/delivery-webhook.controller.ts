import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { storeSlugSchema } from '@sokoni/contracts';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import { DeliveriesService, WEBHOOK_SECRET_HEADER } from './deliveries.service';

const params = z.object({ tenantSlug: storeSlugSchema });

/**
 * The delivery partner's status webhooks, one URL per store (given to the partner with each
 * parcel). Authenticated by the shared secret header, not by a user; answers 200 once the change
 * is committed (or was already known), so the partner's retries are safe.
 */
@Controller('v1/webhooks/delivery-partner')
export class DeliveryWebhookController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Post(':tenantSlug')
  @HttpCode(200)
  async receive(@Param() raw: unknown, @Headers(WEBHOOK_SECRET_HEADER) secret: string | undefined, @Body() body: unknown) {
    const { tenantSlug } = parseInput(params, raw, 'params');
    return this.deliveries.receiveWebhook(tenantSlug, secret, body);
  }
}
