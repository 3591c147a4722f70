import {
  applyDecorators,
  createParamDecorator,
  Delete,
  type ExecutionContext,
  Get,
  HttpCode,
  Patch,
  Post,
  Put,
  SetMetadata,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Permission } from '@sokoni/contracts';
import { sessionKeys } from '../../platform/read-routing';
import { RequestContext } from '../../platform/request-context';
import type { OwnerPrincipal } from './owner-token.service';

export const PERMISSION_KEY = 'sokoni:permission';
export const PUBLIC_KEY = 'sokoni:public';

/** The permission an owner endpoint needs (checked by OwnerAuthGuard). */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

/**
 * An owner endpoint's whole declaration in one decorator: its route, the permission it needs
 * (RequirePermission, checked by OwnerAuthGuard and required of every owner handler by the
 * start-up check) and, when given, the status code of a success (HttpCode; else Nest's default,
 * 201 for POST and 200 otherwise). `@OwnerPost(':id/dismiss', 'audit.read', 200)` is
 * `@Post(':id/dismiss') @HttpCode(200) @RequirePermission('audit.read')`.
 */
function ownerRoute(route: (path?: string) => MethodDecorator) {
  return (path: string, permission: Permission, status?: number) =>
    applyDecorators(route(path), RequirePermission(permission), ...(status === undefined ? [] : [HttpCode(status)]));
}

export const OwnerGet = ownerRoute(Get);
export const OwnerPost = ownerRoute(Post);
export const OwnerPut = ownerRoute(Put);
export const OwnerPatch = ownerRoute(Patch);
export const OwnerDelete = ownerRoute(Delete);

/** An owner-area endpoint that needs no token (login, refresh). Say so explicitly. */
export const PublicEndpoint = () => SetMetadata(PUBLIC_KEY, true);

/** A tokenless owner-area POST (login, refresh, codes, invites) with its success status, in one decorator. */
export const PublicOwnerPost = (path: string, status: number) =>
  applyDecorators(Post(path), HttpCode(status), PublicEndpoint());

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
