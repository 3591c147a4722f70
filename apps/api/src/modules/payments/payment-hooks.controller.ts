import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { RawBodyRequest } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { receivedBody } from '../../platform/raw-body';
import { parseInput } from '../../platform/validation';
import { PaymentCallbacksService } from './payment-callbacks.service';
import { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const hookParams = z.object({ secret: z.string().min(1).max(200), kind: z.string().min(1).max(40) });

/**
 * Where Daraja POSTs: STK callbacks, C2B confirmation/validation, reversal and B2C results and
 * queue timeouts. Daraja signs nothing, so the unguessable per-store path segment, the source
 * address check and the matching in the reconciliation job are the protection. The body
 * arrives unparsed (platform/raw-body.ts): the service stores the bytes before reading them.
 */
@Controller('v1/hooks/daraja')
export class PaymentHooksController {
  constructor(private readonly callbacks: PaymentCallbacksService) {}

  @Post(':secret/:kind')
  @HttpCode(200)
  @RouteConfig({ rateLimit: { max: 300, timeWindow: 60_000 } })
  @ApiDoc({ params: hookParams })
  async receive(@Param() params: unknown, @Req() request: RawBodyRequest<FastifyRequest>) {
    const { secret, kind } = parseInput(hookParams, params, 'params');
    return this.callbacks.receive(
      RequestContext.forProvider('daraja', String(request.id)),
      secret,
      kind,
      receivedBody(request),
    );
  }
}
