import { Body, Controller, Req, UseGuards, UseInterceptors } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { msisdnSchema as msisdn, storeSlugSchema } from '@sokoni/contracts';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import { Ctx, OwnerGet, OwnerPost, PublicOwnerPost } from './auth.decorators';
import { AuthService } from './auth.service';
import { OtpService } from './otp.service';
import { OwnerAuthGuard } from './owner-auth.guard';
import { OwnerRoutesCheck } from './owner-routes.check';
import { RetryAfterInterceptor } from './retry-after.interceptor';
import { InviteAcceptanceService } from './invite-acceptance.service';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const newPassword = z.string().min(10, 'at least 10 characters').max(200);
const loginBody = z
  .object({
    store: storeSlugSchema,
    email: z.string().email().max(200).toLowerCase().optional(),
    phone: msisdn.optional(),
    password: z.string().min(1).max(200),
  })
  .refine((b) => Boolean(b.email) !== Boolean(b.phone), {
    message: 'give exactly one of email or phone',
    path: ['email'],
  });
const refreshBody = z.object({ store: storeSlugSchema, refreshToken: z.string().min(20).max(200) });
const codeRequestBody = z.object({ store: storeSlugSchema, phone: msisdn });
const codeVerifyBody = z.object({
  store: storeSlugSchema,
  phone: msisdn,
  code: z.string().regex(/^\d{6}$/, 'the 6-digit code from the SMS'),
});
const resetBody = codeVerifyBody.extend({ newPassword });
const acceptBody = z.object({
  token: z
    .string()
    .max(200)
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.[A-Za-z0-9_-]{43}$/, 'the token from the invite link'),
  password: newPassword,
});

/**
 * Owner sessions: password or SMS-code login, refresh, logout, password reset, invites, and
 * "log everyone out". Limits (Redis, shared by replicas) live in rate-limiter.ts and the services.
 */
@Controller('v1/owner/auth')
@UseGuards(OwnerAuthGuard)
@UseInterceptors(RetryAfterInterceptor)
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly otp: OtpService,
    private readonly invites: InviteAcceptanceService,
    private readonly routesCheck: OwnerRoutesCheck,
  ) {}

  @PublicOwnerPost('login', 200)
  @RouteConfig({ rateLimit: { max: 20, timeWindow: 60_000 } })
  @ApiDoc({ body: loginBody })
  async login(@Ctx() ctx: RequestContext, @Body() body: unknown, @Req() request: FastifyRequest) {
    const { store, email, phone, password } = parseInput(loginBody, body, 'body');
    return this.auth.login(ctx, store, { email, phone }, password, request.ip);
  }

  @PublicOwnerPost('refresh', 200)
  @RouteConfig({ rateLimit: { max: 60, timeWindow: 60_000 } })
  @ApiDoc({ body: refreshBody })
  async refresh(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    const { store, refreshToken } = parseInput(refreshBody, body, 'body');
    return this.auth.refresh(ctx, store, refreshToken);
  }

  @PublicOwnerPost('logout', 204)
  @ApiDoc({ body: refreshBody })
  async logout(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    const { store, refreshToken } = parseInput(refreshBody, body, 'body');
    await this.auth.logout(ctx, store, refreshToken);
  }

  /** 202 whether or not the phone has an account (no enumeration); the code goes by SMS. */
  @PublicOwnerPost('otp/request', 202)
  @ApiDoc({ body: codeRequestBody })
  async requestLoginCode(@Ctx() ctx: RequestContext, @Body() body: unknown, @Req() request: FastifyRequest) {
    const { store, phone } = parseInput(codeRequestBody, body, 'body');
    return this.otp.requestCode(ctx, store, phone, 'login', request.ip);
  }

  @PublicOwnerPost('otp/verify', 200)
  @ApiDoc({ body: codeVerifyBody })
  async verifyLoginCode(@Ctx() ctx: RequestContext, @Body() body: unknown, @Req() request: FastifyRequest) {
    const { store, phone, code } = parseInput(codeVerifyBody, body, 'body');
    return this.otp.verifyLogin(ctx, store, phone, code, request.ip);
  }

  @PublicOwnerPost('password/reset/request', 202)
  @ApiDoc({ body: codeRequestBody })
  async requestResetCode(@Ctx() ctx: RequestContext, @Body() body: unknown, @Req() request: FastifyRequest) {
    const { store, phone } = parseInput(codeRequestBody, body, 'body');
    return this.otp.requestCode(ctx, store, phone, 'password_reset', request.ip);
  }

  @PublicOwnerPost('password/reset', 204)
  @ApiDoc({ body: resetBody })
  async resetPassword(@Ctx() ctx: RequestContext, @Body() body: unknown, @Req() request: FastifyRequest) {
    const { store, phone, code, newPassword: password } = parseInput(resetBody, body, 'body');
    await this.otp.resetPassword(ctx, store, phone, code, password, request.ip);
  }

  @PublicOwnerPost('invites/accept', 200)
  @ApiDoc({ body: acceptBody })
  async acceptInvite(@Ctx() ctx: RequestContext, @Body() body: unknown, @Req() request: FastifyRequest) {
    const { token, password } = parseInput(acceptBody, body, 'body');
    return this.invites.acceptInvite(ctx, token, password, request.ip);
  }

  /** Who am I, at which store, allowed to do what (the owner app builds its menus from this). */
  @OwnerGet('me', 'account.self')
  async me(@Ctx() ctx: RequestContext) {
    return this.auth.me(ctx);
  }

  /** New store secret + every refresh token revoked: everyone at this store (the caller too) is logged out. */
  @OwnerPost('sessions/revoke-all', 'staff.manage', 200)
  async revokeAll(@Ctx() ctx: RequestContext) {
    return this.auth.revokeAllSessions(ctx);
  }

  /** Every /v1/owner route and the permission it declares (the RBAC matrix test walks this). */
  @OwnerGet('routes', 'audit.read')
  routes() {
    return { items: this.routesCheck.routes().map(({ method, path, permission }) => ({ method, path, permission })) };
  }
}
