import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../platform/api-error';
import { RequestContext, requestContext } from '../../platform/request-context';
import { PERMISSION_KEY, PUBLIC_KEY } from './auth.decorators';
import { OwnerTokenService, type OwnerPrincipal } from './owner-token.service';
import { ApiKeyVerifier } from '../api-keys/api-key-verifier';
import { looksLikeApiKey } from '../api-keys/api-key-format';
import { can, type Permission } from '@sokoni/contracts';

/**
 * Guards every owner-area route: Bearer token verified with the token's store secret, then the
 * route's declared permission checked against the role matrix. Fails closed: a route with no
 * declaration is refused (and the app will not even start with one, see OwnerRoutesCheck).
 */
@Injectable()
export class OwnerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: OwnerTokenService,
    private readonly apiKeys: ApiKeyVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    if (!permission) throw new ApiError(403, 'forbidden', 'This endpoint declares no permission');
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: OwnerPrincipal }>();
    const header = request.headers.authorization;
    const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header ?? '');
    if (!match)
      throw new ApiError(401, 'unauthorized', 'Log in first: missing Bearer token', { reason: 'missing_token' });
    const caller = RequestContext.forShopper(String(request.id), request.ip, { ownerArea: true });
    // `sk_live_...` is an owner API key (docs/api.md): the same principal, narrowed to its scopes.
    const principal = looksLikeApiKey(match[1]!)
      ? await this.apiKeys.verify(caller, match[1]!, request.ip)
      : await this.tokens.verify(caller, match[1]!);
    if (!can(principal.role, permission)) {
      throw new ApiError(403, 'forbidden', `Your role (${principal.role}) may not do this`, {
        permission,
        role: principal.role,
      });
    }
    if (principal.scopes && !principal.scopes.includes(permission)) {
      throw new ApiError(403, 'forbidden', `This API key's scopes do not include ${permission}`, {
        permission,
        scopes: principal.scopes,
      });
    }
    request.principal = principal;
    requestContext.noteTenant(principal.tenantId);
    return true;
  }
}
