import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { storeSlugSchema } from '@sokoni/contracts';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';

const storeParams = z.object({ store: storeSlugSchema });

/**
 * The `:store` path parameter of a storefront route (v1/stores/:store/...), validated: 400
 * validation_failed (where: params) when it cannot be a store slug. The handler resolves it with
 * `this.tenancy.scope(ctx, store)` (404 store_not_found when there is no such live store).
 */
export const StoreSlug = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return parseInput(storeParams, request.params, 'params').store;
});
