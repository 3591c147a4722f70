import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { storeSlugSchema } from '@sokoni/contracts';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import { PublicEndpoint } from './auth.decorators';
import { AuthService } from './auth.service';
import { OwnerAuthGuard } from './owner-auth.guard';

const msisdn = z.string().regex(/^254[17]\d{8}$/, 'phone as 2547XXXXXXXX or 2541XXXXXXXX');
const loginBody = z.object({
  store: storeSlugSchema,
  email: z.string().email().max(200).toLowerCase().optional(),
  phone: msisdn.optional(),
  password: z.string().min(1).max(200),
}).refine((b) => Boolean(b.email) !== Boolean(b.phone), { message: 'give exactly one of email or phone', path: ['email'] });
const refreshBody = z.object({ store: storeSlugSchema, refreshToken: z.string().min(20).max(200) });

/** Owner sessions. Login is rate limited per IP here and per account in AuthService. */
@Controller('v1/owner/auth')
@UseGuards(OwnerAuthGuard)
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @PublicEndpoint()
  @RouteConfig({ rateLimit: { max: 20, timeWindow: 60_000 } })
  async login(@Body() body: unknown) {
    const { store, email, phone, password } = parseInput(loginBody, body, 'body');
    return this.auth.login(store, { email, phone }, password);
  }

  @Post('refresh')
  @HttpCode(200)
  @PublicEndpoint()
  @RouteConfig({ rateLimit: { max: 60, timeWindow: 60_000 } })
  async refresh(@Body() body: unknown) {
    const { store, refreshToken } = parseInput(refreshBody, body, 'body');
    return this.auth.refresh(store, refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @PublicEndpoint()
  async logout(@Body() body: unknown) {
    const { store, refreshToken } = parseInput(refreshBody, body, 'body');
    await this.auth.logout(store, refreshToken);
  }
}
