import { Controller, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { storeSlugSchema } from '@sokoni/contracts';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { receivedBody } from '../../platform/raw-body';
import { parseInput } from '../../platform/validation';
import { DeliveryWebhookService, WEBHOOK_SECRET_HEADER } from './delivery-webhook.service';
import { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const params = z.object({ tenantSlug: storeSlugSchema });

/**
 * The delivery partner's status webhooks, one URL per store (given to the partner with each
 * parcel). Authenticated by the shared secret header, not by a user; answers 200 once the change
 * is committed (or was already known), so the partner's retries are safe. The body arrives
 * unparsed (platform/raw-body.ts): the service stores the bytes before reading them.
 */
@Controller('v1/webhooks/delivery-partner')
export class DeliveryWebhookController {
  constructor(private readonly webhooks: DeliveryWebhookService) {}

  @Post(':tenantSlug')
  @HttpCode(200)
  @ApiDoc({ params: params })
  async receive(
    @Param() raw: unknown,
    @Headers(WEBHOOK_SECRET_HEADER) secret: string | undefined,
    @Req() request: RawBodyRequest<FastifyRequest>,
  ) {
    const { tenantSlug } = parseInput(params, raw, 'params');
    return this.webhooks.receiveWebhook(
      RequestContext.forProvider('delivery_partner', String(request.id)),
      tenantSlug,
      secret,
      receivedBody(request),
    );
  }
}
