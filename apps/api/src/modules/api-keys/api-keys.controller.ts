import { Body, Controller, Param, UseGuards } from '@nestjs/common';
import {
  apiKeyCreatedAnswerSchema,
  apiKeyCreateSchema,
  apiKeyIdSchema,
  apiKeyListAnswerSchema,
  apiKeyRevokedAnswerSchema,
} from '@sokoni/contracts';
import { z } from 'zod';
import { ApiError } from '../../platform/api-error';
import { parseInput } from '../../platform/validation';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';
import { Ctx, OwnerDelete, OwnerGet, OwnerPost, Principal } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import type { OwnerPrincipal } from '../auth/owner-token.service';
import { ApiKeysService } from './api-keys.service';

const keyParams = z.object({ id: apiKeyIdSchema });

/**
 * Owner API keys (docs/api.md). settings.write (owner, admin); a request made WITH an API key may
 * not manage keys, so a leaked key cannot mint itself a successor or revoke the owner's others.
 */
@Controller('v1/owner/settings/api-keys')
@UseGuards(OwnerAuthGuard)
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @OwnerGet('', 'settings.write')
  @ApiDoc({ summary: 'List API keys (prefix, scopes, last use, state)', response: apiKeyListAnswerSchema })
  async list(@Ctx() ctx: RequestContext, @Principal() principal: OwnerPrincipal) {
    refuseKeyCaller(principal.apiKeyId);
    return this.keys.list(ctx);
  }

  @OwnerPost('', 'settings.write', 201)
  @ApiDoc({
    summary: 'Create an API key (the key is in this answer only)',
    body: apiKeyCreateSchema,
    response: apiKeyCreatedAnswerSchema,
  })
  async create(@Ctx() ctx: RequestContext, @Principal() principal: OwnerPrincipal, @Body() body: unknown) {
    refuseKeyCaller(principal.apiKeyId);
    return this.keys.create(ctx, parseInput(apiKeyCreateSchema, body ?? {}, 'body'));
  }

  @OwnerDelete(':id', 'settings.write', 200)
  @ApiDoc({ summary: 'Revoke an API key (at once, for good)', params: keyParams, response: apiKeyRevokedAnswerSchema })
  async revoke(@Ctx() ctx: RequestContext, @Principal() principal: OwnerPrincipal, @Param() params: unknown) {
    refuseKeyCaller(principal.apiKeyId);
    return this.keys.revoke(ctx, parseInput(keyParams, params, 'params').id);
  }
}

/** A request made with an API key (its id) may not manage keys. */
function refuseKeyCaller(apiKeyId: string | undefined): void {
  if (apiKeyId)
    throw new ApiError(403, 'forbidden', 'API keys cannot manage API keys: sign in to the dashboard', {
      reason: 'api_key_not_allowed',
    });
}
