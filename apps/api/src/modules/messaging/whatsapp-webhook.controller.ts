import { Controller, Get, Header, Headers, HttpCode, Post, Query, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { receivedBody } from '../../platform/raw-body';
import { parseInput } from '../../platform/validation';
import { WhatsAppWebhookService } from './whatsapp-webhook.service';
import { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const verifyQuery = z.object({
  'hub.mode': z.string().max(40).optional(),
  'hub.verify_token': z.string().max(200).optional(),
  'hub.challenge': z.string().max(200).optional(),
});

/**
 * The platform's WhatsApp webhook (one Meta app for every store's number): the subscription
 * handshake, and signed deliveries of message statuses and shoppers' messages. The body arrives
 * unparsed (platform/raw-body.ts): the signature is checked over those exact bytes.
 */
@Controller('v1/hooks/whatsapp')
export class WhatsAppWebhookController {
  constructor(private readonly webhook: WhatsAppWebhookService) {}

  @Get()
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiDoc({ query: verifyQuery })
  verify(@Query() query: unknown): string {
    const q = parseInput(verifyQuery, query, 'query');
    return this.webhook.verifySubscription(q['hub.mode'], q['hub.verify_token'], q['hub.challenge']);
  }

  @Post()
  @HttpCode(200)
  @RouteConfig({ rateLimit: { max: 600, timeWindow: 60_000 } })
  async receive(
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers('x-hub-signature-256') signature: string | undefined,
  ) {
    return this.webhook.receiveWebhook(
      RequestContext.forProvider('whatsapp', String(request.id)),
      receivedBody(request),
      signature,
    );
  }
}
