import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { RawBodyRequest } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import { PaymentCallbacksService } from './payment-callbacks.service';

const hookParams = z.object({ secret: z.string().min(1).max(200), kind: z.string().min(1).max(40) });

/**
 * Where Daraja POSTs: STK callbacks, C2B confirmation/validation, reversal and B2C results and
 * queue timeouts. Daraja signs nothing, so the unguessable per-store path segment, the source
 * address check and the matching in the reconciliation job are the protection.
 */
@Controller('v1/hooks/daraja')
export class PaymentHooksController {
  constructor(private readonly callbacks: PaymentCallbacksService) {}

  @Post(':secret/:kind')
  @HttpCode(200)
  @RouteConfig({ rateLimit: { max: 300, timeWindow: 60_000 } })
  async receive(@Param() params: unknown, @Req() request: RawBodyRequest<FastifyRequest>) {
    const { secret, kind } = parseInput(hookParams, params, 'params');
    const raw = request.rawBody ? request.rawBody.toString('utf8') : JSON.stringify(request.body ?? null);
    return this.callbacks.receive(secret, kind, raw, request.body, request.ip ?? null);
  }
}
