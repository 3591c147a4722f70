import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ApiError } from '../../platform/api-error';
import { RedisKeys } from '../../platform/redis';
import { REDIS } from '../../platform/tokens';

export interface Limit {
  /** Short name, part of the Redis key (e.g. "otp-request:phone"). */
  name: string;
  max: number;
  windowSeconds: number;
  /** Shown to the caller when the limit is hit; "{wait}" becomes e.g. "4 minutes". */
  message: string;
}

/**
 * The owner-auth limits (OTP, login, password reset, invites): fixed windows counted in Redis, so
 * every API replica shares them. Tenant-scoped keys live under t:<tenant>:, per-IP ones under p:.
 */
export const LIMITS = {
  loginFailuresPerIp: {
    name: 'login-fail:ip',
    max: 15,
    windowSeconds: 15 * 60,
    message: 'Too many failed sign-ins from your network. Try again in {wait}.',
  },
  otpRequestPerPhone: {
    name: 'otp-request:phone',
    max: 3,
    windowSeconds: 10 * 60,
    message: 'Too many codes requested for this phone. Try again in {wait}.',
  },
  otpRequestPerIp: {
    name: 'otp-request:ip',
    max: 20,
    windowSeconds: 60 * 60,
    message: 'Too many codes requested from your network. Try again in {wait}.',
  },
  otpVerifyPerPhone: {
    name: 'otp-verify:phone',
    max: 10,
    windowSeconds: 60 * 60,
    message: 'Too many code attempts for this phone. Try again in {wait}.',
  },
  otpVerifyPerIp: {
    name: 'otp-verify:ip',
    max: 30,
    windowSeconds: 60 * 60,
    message: 'Too many code attempts from your network. Try again in {wait}.',
  },
  inviteAcceptPerIp: {
    name: 'invite-accept:ip',
    max: 10,
    windowSeconds: 15 * 60,
    message: 'Too many invite attempts from your network. Try again in {wait}.',
  },
} satisfies Record<string, Limit>;

export function humanWait(seconds: number): string {
  if (seconds < 60) return `${Math.max(seconds, 1)} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** 429 with the wait in the message and details (the controller's interceptor sets Retry-After). */
export function rateLimited(message: string, retryAfterSeconds: number, extra: Record<string, unknown> = {}): ApiError {
  const seconds = Math.max(Math.ceil(retryAfterSeconds), 1);
  return new ApiError(429, 'rate_limited', message.replace('{wait}', humanWait(seconds)), {
    retryAfterSeconds: seconds,
    retryAt: new Date(Date.now() + seconds * 1000).toISOString(),
    ...extra,
  });
}

@Injectable()
export class RateLimiter {
  constructor(
    private readonly keys: RedisKeys,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** Counts one hit; throws 429 once the window holds more than limit.max hits. */
  async hit(limit: Limit, scope: { tenantId?: string; subject: string }): Promise<void> {
    const state = await this.count(limit, scope, 1);
    if (state.count > limit.max)
      throw rateLimited(limit.message, state.ttlSeconds, { limit: limit.max, windowSeconds: limit.windowSeconds });
  }

  /** Throws 429 if the window is already full, without counting (for "count failures only" limits). */
  async check(limit: Limit, scope: { tenantId?: string; subject: string }): Promise<void> {
    const state = await this.count(limit, scope, 0);
    if (state.count >= limit.max)
      throw rateLimited(limit.message, state.ttlSeconds, { limit: limit.max, windowSeconds: limit.windowSeconds });
  }

  /** Counts one hit without refusing (the failure itself is answered elsewhere). */
  async record(limit: Limit, scope: { tenantId?: string; subject: string }): Promise<number> {
    return (await this.count(limit, scope, 1)).count;
  }

  private key(limit: Limit, scope: { tenantId?: string; subject: string }): string {
    return scope.tenantId
      ? this.keys.tenant(scope.tenantId, 'rl', limit.name, scope.subject)
      : this.keys.platform('rl', limit.name, scope.subject);
  }

  private async count(
    limit: Limit,
    scope: { tenantId?: string; subject: string },
    by: 0 | 1,
  ): Promise<{ count: number; ttlSeconds: number }> {
    const key = this.key(limit, scope);
    try {
      if (by === 0) {
        const [[, value], [, ttl]] = (await this.redis.multi().get(key).ttl(key).exec()) as [
          [unknown, string | null],
          [unknown, number],
        ];
        return { count: Number(value ?? 0), ttlSeconds: ttl > 0 ? ttl : limit.windowSeconds };
      }
      // The first hit of a window sets its expiry (NX): the window is fixed, not sliding.
      const [[, value], , [, ttl]] = (await this.redis
        .multi()
        .incr(key)
        .expire(key, limit.windowSeconds, 'NX')
        .ttl(key)
        .exec()) as [[unknown, number], unknown, [unknown, number]];
      return { count: Number(value), ttlSeconds: ttl > 0 ? ttl : limit.windowSeconds };
    } catch {
      // Fail closed: sign-in without its brute-force limits would be worse than a short outage.
      throw new ApiError(503, 'service_unavailable', 'Sign-in is briefly unavailable. Try again in a minute.', {
        reason: 'rate_limiter_unavailable',
      });
    }
  }
}
