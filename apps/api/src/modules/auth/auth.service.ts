import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { verifyPassword, type TenantTransaction } from '@sokoni/db';
import type { Redis } from 'ioredis';
import { ApiError } from '../../platform/api-error';
import { RedisKeys } from '../../platform/redis';
import { TenantDb } from '../../platform/tenant-db';
import { REDIS } from '../../platform/tokens';
import { AuditService } from '../audit/audit.service';
import { TenancyService } from '../tenancy/tenancy.service';
import { AuthRepository } from './auth.repository';
import { OwnerTokenService } from './owner-token.service';
import { formatNairobiTime, permissionsOf, type Permission, type Role } from '@sokoni/contracts';
import { humanWait, LIMITS, RateLimiter, rateLimited } from './rate-limiter';
import type { RequestContext } from '../../platform/request-context';

const REFRESH_TOKEN_DAYS = 30;
/** Lockout: this many wrong passwords for one login within the window locks it for the window. */
const MAX_FAILURES = 5;
const FAILURE_WINDOW_SECONDS = 15 * 60;
/** Spent on unknown logins too, so response time does not reveal which accounts exist. */
const DUMMY_HASH = 'scrypt$16384$8$1$c29rb25pLXRpbWluZw$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: { id: string; name: string; role: Role };
}

export interface Me {
  user: { id: string; name: string; role: Role; email: string | null; phone: string | null };
  store: { slug: string; name: string; status: string };
  permissions: Permission[];
}

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

@Injectable()
export class AuthService {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly repository: AuthRepository,
    private readonly tokens: OwnerTokenService,
    private readonly tenantDb: TenantDb,
    private readonly keys: RedisKeys,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** A new store's owner, in the caller's sign-up transaction; returns the user id. */
  async createOwnerWithin(
    trx: TenantTransaction,
    owner: { tenantId: string; name: string; email: string | null; phone: string; passwordHash: string },
  ): Promise<string> {
    return this.repository.insertOwner(trx, {
      tenant_id: owner.tenantId,
      name: owner.name,
      email: owner.email,
      phone: owner.phone,
      password_hash: owner.passwordHash,
    });
  }

  /** A new store's owner-token signing secret (random), in the caller's sign-up transaction. */
  async createSigningSecretWithin(trx: TenantTransaction, ctx: RequestContext): Promise<void> {
    await this.repository.insertSigningSecret(trx, ctx.tenantId, randomBytes(32).toString('base64url'));
  }

  /**
   * Password login. Limits: the account locks after 5 wrong passwords in 15 minutes (whatever the
   * address, by email or by phone), and one address may fail 15 times in 15 minutes at a store (password spraying).
   * ip is the caller's address; internal callers (sign-up logging the new owner in) pass none.
   */
  async login(
    caller: RequestContext,
    store: string,
    login: { email?: string; phone?: string },
    password: string,
    ip?: string,
  ): Promise<Session> {
    const ctx = caller.withTenant(await this.tenancy.resolve(caller, store));
    if (ip) await this.limiter.check(LIMITS.loginFailuresPerIp, { tenantId: ctx.tenantId, subject: ip });
    const user = await this.tenantDb.run(ctx, (trx) => this.repository.userByLogin(trx, login));
    // Counted per person (email and phone share one count), or per identifier for unknown logins.
    const failuresKey = this.failuresKey(
      ctx,
      user ? `user:${user.id}` : `login:${(login.email ?? login.phone)!.toLowerCase()}`,
    );
    const failures = Number((await this.redis.get(failuresKey)) ?? 0);
    if (failures >= MAX_FAILURES) {
      const ttl = Math.max(await this.redis.ttl(failuresKey), 1);
      const at = formatNairobiTime(new Date(Date.now() + ttl * 1000));
      throw rateLimited(
        `Too many wrong passwords for this account. Try again in ${humanWait(Math.max(ttl, 60))} (at ${at} Nairobi time), or reset your password with a code by SMS.`,
        ttl,
        { reason: 'account_locked' },
      );
    }
    const passwordOk = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
    if (!user || !passwordOk || user.status !== 'active') {
      if (ip) await this.limiter.record(LIMITS.loginFailuresPerIp, { tenantId: ctx.tenantId, subject: ip });
      const count = await this.redis.incr(failuresKey);
      if (count === 1) await this.redis.expire(failuresKey, FAILURE_WINDOW_SECONDS);
      const attemptsLeft = Math.max(MAX_FAILURES - count, 0);
      throw new ApiError(
        401,
        'unauthorized',
        attemptsLeft > 0
          ? 'Wrong email/phone or password'
          : `Wrong email/phone or password. This account is now locked for ${humanWait(FAILURE_WINDOW_SECONDS)}; reset your password with a code by SMS.`,
        { attemptsLeft },
      );
    }
    await this.redis.del(failuresKey);
    return this.issueSession(ctx, { id: user.id, name: user.name, role: user.role });
  }

  /** Exchanges a live refresh token for a new session; the old refresh token is spent. */
  async refresh(caller: RequestContext, store: string, refreshToken: string): Promise<Session> {
    const ctx = caller.withTenant(await this.tenancy.resolve(caller, store));
    const user = await this.tenantDb.run(ctx, async (trx) => {
      const spent = await this.repository.consumeRefreshToken(trx, sha256(refreshToken));
      return spent ? this.repository.userById(trx, spent.user_id) : undefined;
    });
    if (!user || user.status !== 'active')
      throw new ApiError(401, 'unauthorized', 'Session expired: log in again', { reason: 'invalid_refresh_token' });
    return this.issueSession(ctx, { id: user.id, name: user.name, role: user.role });
  }

  async logout(caller: RequestContext, store: string, refreshToken: string): Promise<void> {
    const ctx = caller.withTenant(await this.tenancy.resolve(caller, store));
    await this.tenantDb.run(ctx, (trx) => this.repository.consumeRefreshToken(trx, sha256(refreshToken)));
  }

  /** Forgets a user's wrong-password count (after a password reset). */
  async clearLockout(ctx: RequestContext, userId: string): Promise<void> {
    await this.redis.del(this.failuresKey(ctx, `user:${userId}`));
  }

  async me(ctx: RequestContext): Promise<Me> {
    const { user, store } = await this.tenantDb.run(ctx, async (trx) => ({
      user: await this.repository.userById(trx, ctx.owner.userId),
      store: await this.repository.currentStore(trx),
    }));
    if (!user || !store) throw new ApiError(401, 'unauthorized', 'Log in again', { reason: 'invalid_token' });
    return {
      user: { id: user.id, name: user.name, role: user.role, email: user.email, phone: user.phone },
      store: { slug: store.slug, name: store.name, status: store.status },
      permissions: permissionsOf(user.role),
    };
  }

  /**
   * "Log everyone out": a new signing secret for this store (every access token stops verifying,
   * other stores untouched) and every refresh token revoked. The caller is logged out too.
   */
  async revokeAllSessions(ctx: RequestContext): Promise<{ refreshTokensRevoked: number; rotatedAt: string }> {
    return this.tenantDb.run(ctx, async (trx) => {
      const rotation = await this.repository.rotateSecret(trx, randomBytes(32).toString('base64url'));
      const revoked = await this.repository.revokeRefreshTokens(trx);
      await this.audit.record(trx, ctx, {
        action: 'auth.sessions_revoked',
        entity: { type: 'store', id: ctx.tenantId },
        before: { secretRotatedAt: rotation.before ?? null },
        after: { secretRotatedAt: rotation.after, refreshTokensRevoked: revoked },
      });
      return { refreshTokensRevoked: revoked, rotatedAt: new Date(rotation.after).toISOString() };
    });
  }

  async issueSession(ctx: RequestContext, user: Session['user']): Promise<Session> {
    const refreshToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + REFRESH_TOKEN_DAYS * 24 * 3600_000);
    await this.tenantDb.run(ctx, (trx) =>
      this.repository.insertRefreshToken(trx, ctx.tenantId, user.id, sha256(refreshToken), expiresAt),
    );
    const accessToken = await this.tokens.sign(ctx, { userId: user.id, role: user.role });
    return { accessToken, refreshToken, expiresIn: this.tokens.accessTokenSeconds, user };
  }

  private failuresKey(ctx: RequestContext, subject: string): string {
    return this.keys.tenant(ctx.tenantId, 'login-failures', sha256(subject));
  }
}
