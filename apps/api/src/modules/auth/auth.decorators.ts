import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Permission } from '@sokoni/contracts';
import { sessionKeys } from '../../platform/read-routing';
import { RequestContext } from '../../platform/request-context';
import type { OwnerPrincipal } from './owner-token.service';

export const PERMISSION_KEY = 'sokoni:permission';
export const PUBLIC_KEY = 'sokoni:public';

/** The permission an owner endpoint needs (checked by OwnerAuthGuard). */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

/** An owner-area endpoint that needs no token (login, refresh). Say so explicitly. */
export const PublicEndpoint = () => SetMetadata(PUBLIC_KEY, true);

/** The authenticated owner/admin/staff member of the request. */
export const Principal = createParamDecorator((_: unknown, context: ExecutionContext): OwnerPrincipal => {
  const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: OwnerPrincipal }>();
  if (!request.principal) throw new Error('Principal used on a route without OwnerAuthGuard');
  return request.principal;
});

/**
 * The request's RequestContext: correlation id, the owner principal when OwnerAuthGuard let the
 * request in (then the context works for the token's store), else the caller's address. Shopper
 * routes add the store: `ctx.withTenant(await this.tenancy.resolve(ctx, store))`.
 */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: OwnerPrincipal }>();
  const correlationId = String(request.id);
  const ownerArea = request.url.startsWith('/v1/owner/');
  const sessions = sessionKeys(request.headers);
  return request.principal
    ? RequestContext.forOwner(request.principal, correlationId, { ownerArea, sessions })
    : RequestContext.forShopper(correlationId, request.ip, { ownerArea, sessions });
});
