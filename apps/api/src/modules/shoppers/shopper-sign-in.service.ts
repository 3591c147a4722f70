import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ShopperCodeSent, ShopperSignIn } from '@sokoni/contracts';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { ApiError } from '../../platform/api-error';
import { RedisKeys } from '../../platform/redis';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, LOGGER, REDIS } from '../../platform/tokens';
import { SMS } from '../messaging/providers/messaging-providers.module';
import type { SmsClient } from '../messaging/providers/sms-client';
import { TenancyService } from '../tenancy/tenancy.service';
import { ShopperKeys, type ShopperSession } from './shopper-session';
import { ShoppersRepository } from './shoppers.repository';
import type { RequestContext } from '../../platform/request-context';

const CODE_TTL_SECONDS = 5 * 60;
const MAX_ATTEMPTS = 5;
/** Codes a phone may ask for at one store per window. */
const CODES_PER_PHONE = 3;
const PHONE_WINDOW_SECONDS = 10 * 60;
/** Codes one client address may ask for (any phone, any store) per hour. */
const CODES_PER_IP = 20;
/** Code checks one client address may make per 10 minutes (guessing across many phones). */
const CHECKS_PER_IP = 30;

/**
 * Shopper identity: a phone number proven by an SMS code gets a 30-day session at one store.
 * No account, no password, no email. What the session is then good for is ShoppersService.
 */
@Injectable()
export class ShopperSignInService {
  private readonly keys: ShopperKeys;

  constructor(
    private readonly repository: ShoppersRepository,
    private readonly tenancy: TenancyService,
    private readonly tenantDb: TenantDb,
    private readonly redisKeys: RedisKeys,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SMS) private readonly sms: SmsClient,
  ) {
    this.keys = new ShopperKeys(config.CART_TOKEN_SECRET);
  }

  /**
   * Sends a 6-digit code by SMS. The answer is the same whether or not the phone has ever
   * ordered here (nothing about the phone is revealed); only limits and outages differ.
   */
  async requestCode(ctx: RequestContext, phone: string, ip: string): Promise<ShopperCodeSent> {
    await this.limit(
      this.redisKeys.platform('shopper-otp-ip', ip),
      CODES_PER_IP,
      3600,
      'Too many sign-in codes asked from this network. Try again later.',
    );
    await this.limit(
      this.redisKeys.tenant(ctx.tenantId, 'shopper-otp', phone),
      CODES_PER_PHONE,
      PHONE_WINDOW_SECONDS,
      'Too many codes sent to this number. Wait a few minutes, then ask again.',
    );
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await this.tenantDb.run(ctx, (trx) =>
      this.repository.putOtp(
        trx,
        ctx.tenantId,
        phone,
        this.keys.hashCode(ctx.tenantId, phone, code),
        new Date(Date.now() + CODE_TTL_SECONDS * 1000),
      ),
    );
    const store = await this.tenancy.storeOf(ctx);
    try {
      await this.sms.send(
        phone,
        `${store.name}: your code is ${code}. It expires in 5 minutes. Never share it. / Nambari yako ya kuingia ni ${code}.`,
      );
    } catch (error) {
      this.logger.warn({ err: error, tenant_id: ctx.tenantId }, 'shopper sign-in code SMS failed');
      throw new ApiError(503, 'service_unavailable', 'We could not send the SMS just now. Try again in a minute.', {
        reason: 'sms_unavailable',
      });
    }
    return { sent: true, phone, expiresInSeconds: CODE_TTL_SECONDS };
  }

  /** The code, checked once: right -> a session; wrong -> one attempt fewer (5 per code). */
  async verifyCode(ctx: RequestContext, phone: string, code: string, ip: string): Promise<ShopperSignIn> {
    await this.limit(
      this.redisKeys.platform('shopper-otp-check-ip', ip),
      CHECKS_PER_IP,
      600,
      'Too many code checks from this network. Try again in a few minutes.',
    );
    const outcome = await this.tenantDb.run(ctx, async (trx) => {
      const otp = await this.repository.lockOtp(trx, phone);
      if (!otp || otp.consumed_at || new Date(otp.expires_at).getTime() < Date.now())
        return { ok: false as const, reason: 'expired' as const };
      if (otp.attempts >= MAX_ATTEMPTS) return { ok: false as const, reason: 'locked' as const };
      if (!this.keys.codeMatches(ctx.tenantId, phone, code, otp.code_hash)) {
        const attempts = await this.repository.countAttempt(trx, phone);
        return { ok: false as const, reason: 'wrong' as const, attemptsLeft: Math.max(MAX_ATTEMPTS - attempts, 0) };
      }
      await this.repository.consumeOtp(trx, phone);
      return { ok: true as const, issuedAtMicros: await this.repository.sessionStamp(trx, phone) };
    });
    if (!outcome.ok) {
      if (outcome.reason === 'locked')
        throw new ApiError(429, 'rate_limited', 'Too many wrong codes. Ask for a new code.', {
          reason: 'too_many_attempts',
        });
      if (outcome.reason === 'expired')
        throw new ApiError(401, 'unauthorized', 'That code has expired or was already used. Ask for a new one.', {
          reason: 'code_expired',
        });
      throw new ApiError(
        401,
        'unauthorized',
        outcome.attemptsLeft
          ? `Wrong code. ${outcome.attemptsLeft} ${outcome.attemptsLeft === 1 ? 'try' : 'tries'} left.`
          : 'Wrong code. Ask for a new code.',
        { reason: 'wrong_code', attemptsLeft: outcome.attemptsLeft },
      );
    }
    const session = await this.keys.issue(ctx.tenantId, phone, outcome.issuedAtMicros);
    return { sessionToken: session.token, phone, expiresAt: session.expiresAt.toISOString() };
  }

  /**
   * The session token's own checks, without I/O (signature, expiry, this store): 401 otherwise.
   * Whether its phone signed out on all phones since is checked by each method below, inside
   * the transaction it opens anyway (asShopper).
   */
  authenticate(ctx: RequestContext, authorization: string | undefined): Promise<ShopperSession> {
    return this.keys.session(ctx.tenantId, authorization);
  }

  /** A fixed-window counter in Redis; over the limit -> 429 with when to try again. */
  private async limit(key: string, max: number, windowSeconds: number, message: string): Promise<void> {
    const count = await this.redis.incr(key);
    if (count === 1) await this.redis.expire(key, windowSeconds);
    if (count > max) {
      const ttl = await this.redis.ttl(key);
      throw new ApiError(429, 'rate_limited', message, { retryAfterSeconds: ttl > 0 ? ttl : windowSeconds });
    }
  }
}
