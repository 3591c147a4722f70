import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { verifyPassword } from '@sokoni/db';
import type { Redis } from 'ioredis';
import { ApiError } from '../../platform/api-error';
import { RedisKeys } from '../../platform/redis';
import { TenantDb } from '../../platform/tenant-db';
import { REDIS } from '../../platform/tokens';
import { TenancyService } from '../tenancy/tenancy.service';
import { AuthRepository } from './auth.repository';
import { OwnerTokenService } from './owner-token.service';
import type { Role } from './permissions';

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

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

@Injectable()
export class AuthService {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly repository: AuthRepository,
    private readonly tokens: OwnerTokenService,
    private readonly tenantDb: TenantDb,
    private readonly keys: RedisKeys,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async login(store: string, login: { email?: string; phone?: string }, password: string): Promise<Session> {
    const tenant = await this.tenancy.resolve(store);
    const identifier = (login.email ?? login.phone)!.toLowerCase();
    const failuresKey = this.keys.tenant(tenant.tenantId, 'login-failures', sha256(identifier));
    const failures = Number(await this.redis.get(failuresKey) ?? 0);
    if (failures >= MAX_FAILURES) {
      const ttl = await this.redis.ttl(failuresKey);
      throw new ApiError(429, 'rate_limited', `Too many wrong passwords for this account. Try again in ${Math.ceil(Math.max(ttl, 60) / 60)} minutes, or reset your password.`, { retryAfterSeconds: Math.max(ttl, 1) });
    }
    const user = await this.tenantDb.run(tenant.tenantId, (trx) => this.repository.userByLogin(trx, login));
    const passwordOk = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
    if (!user || !passwordOk || user.status !== 'active') {
      const count = await this.redis.incr(failuresKey);
      if (count === 1) await this.redis.expire(failuresKey, FAILURE_WINDOW_SECONDS);
      throw new ApiError(401, 'unauthorized', 'Wrong email/phone or password', { attemptsLeft: Math.max(MAX_FAILURES - count, 0) });
    }
    await this.redis.del(failuresKey);
    return this.issue(tenant.tenantId, { id: user.id, name: user.name, role: user.role });
  }

  /** Exchanges a live refresh token for a new session; the old refresh token is spent. */
  async refresh(store: string, refreshToken: string): Promise<Session> {
    const tenant = await this.tenancy.resolve(store);
    const user = await this.tenantDb.run(tenant.tenantId, async (trx) => {
      const spent = await this.repository.consumeRefreshToken(trx, sha256(refreshToken));
      return spent ? this.repository.userById(trx, spent.user_id) : undefined;
    });
    if (!user || user.status !== 'active') throw new ApiError(401, 'unauthorized', 'Session expired: log in again', { reason: 'invalid_refresh_token' });
    return this.issue(tenant.tenantId, { id: user.id, name: user.name, role: user.role });
  }

  async logout(store: string, refreshToken: string): Promise<void> {
    const tenant = await this.tenancy.resolve(store);
    await this.tenantDb.run(tenant.tenantId, (trx) => this.repository.consumeRefreshToken(trx, sha256(refreshToken)));
  }

  private async issue(tenantId: string, user: Session['user']): Promise<Session> {
    const refreshToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + REFRESH_TOKEN_DAYS * 24 * 3600_000);
    await this.tenantDb.run(tenantId, (trx) => this.repository.insertRefreshToken(trx, tenantId, user.id, sha256(refreshToken), expiresAt));
    const accessToken = await this.tokens.sign({ userId: user.id, tenantId, role: user.role });
    return { accessToken, refreshToken, expiresIn: this.tokens.accessTokenSeconds, user };
  }
}
