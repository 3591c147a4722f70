import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { hashPassword } from '@sokoni/db';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { AuditService } from '../audit/audit.service';
import { TenancyService } from '../tenancy/tenancy.service';
import { AccountsRepository, type OtpPurpose } from './accounts.repository';
import { AuthRepository } from './auth.repository';
import { AuthService, type Session } from './auth.service';
import { OwnerSms } from './owner-sms';
import { LIMITS, RateLimiter } from './rate-limiter';
import type { RequestContext } from '../../platform/request-context';

export const OTP_TTL_SECONDS = 5 * 60;
export const OTP_MAX_ATTEMPTS = 5;

export interface CodeSent {
  message: string;
  expiresInSeconds: number;
}

type Consumed =
  { kind: 'ok'; userId: string } | { kind: 'none' } | { kind: 'wrong'; attemptsLeft: number } | { kind: 'exhausted' };

const hashCode = (salt: string, code: string) => createHash('sha256').update(`${salt}:${code}`).digest('hex');

/**
 * One-time codes by SMS for owners and staff: sign in with a code, or reset a password with one.
 * No account enumeration: every request is answered with the same 202, and a phone without an
 * account still gets a code row (which nobody receives), so verifying behaves the same too.
 */
@Injectable()
export class OtpService {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly tenantDb: TenantDb,
    private readonly accounts: AccountsRepository,
    private readonly auth: AuthService,
    private readonly authRepository: AuthRepository,
    private readonly limiter: RateLimiter,
    private readonly sms: OwnerSms,
    private readonly audit: AuditService,
  ) {}

  async requestCode(
    caller: RequestContext,
    store: string,
    phone: string,
    purpose: OtpPurpose,
    ip: string,
  ): Promise<CodeSent> {
    const ctx = caller.withTenant(await this.tenancy.resolve(caller, store));
    await this.limiter.hit(LIMITS.otpRequestPerIp, { subject: ip });
    await this.limiter.hit(LIMITS.otpRequestPerPhone, { tenantId: ctx.tenantId, subject: `${purpose}:${phone}` });
    // Same work whether or not the phone is a user's (the store name is read either way).
    const { name } = await this.tenancy.storeOf(ctx);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const salt = randomBytes(16).toString('base64url');
    const recipient = await this.tenantDb.run(ctx, async (trx) => {
      const user = await this.accounts.userByPhone(trx, phone);
      const eligible = user?.status === 'active' ? user : undefined;
      await this.accounts.replaceOtp(trx, ctx.tenantId, {
        userId: eligible?.id ?? null,
        phone,
        purpose,
        salt,
        hash: hashCode(salt, code),
        ttlSeconds: OTP_TTL_SECONDS,
      });
      return eligible;
    });
    if (recipient) {
      const minutes = OTP_TTL_SECONDS / 60;
      const text =
        purpose === 'login'
          ? `Your Sokoni code for ${name} is ${code}. It expires in ${minutes} minutes.`
          : `Your Sokoni password reset code for ${name} is ${code}. It expires in ${minutes} minutes. Did not ask for it? Ignore this SMS.`;
      this.sms.sendInBackground(phone, text, `otp_${purpose}`);
    }
    return {
      message: `If this phone belongs to an account at this store, a 6-digit code is on its way by SMS. It expires in ${OTP_TTL_SECONDS / 60} minutes.`,
      expiresInSeconds: OTP_TTL_SECONDS,
    };
  }

  async verifyLogin(caller: RequestContext, store: string, phone: string, code: string, ip: string): Promise<Session> {
    const ctx = caller.withTenant(await this.tenancy.resolve(caller, store));
    await this.limitVerify(ctx, phone, 'login', ip);
    const outcome = await this.tenantDb.run(ctx, async (trx) => {
      const consumed = await this.consume(trx, phone, 'login', code);
      if (consumed.kind !== 'ok') return consumed;
      const user = await this.authRepository.userById(trx, consumed.userId);
      return user?.status === 'active' ? { kind: 'ok' as const, user } : { kind: 'none' as const };
    });
    if (outcome.kind !== 'ok') throw this.refused(outcome);
    return this.auth.issueSession(ctx, {
      id: outcome.user.id,
      name: outcome.user.name,
      role: outcome.user.role,
    });
  }

  /** New password by code: all the user's sessions end (refresh tokens revoked, access tokens voided), lockout cleared. */
  async resetPassword(
    caller: RequestContext,
    store: string,
    phone: string,
    code: string,
    newPassword: string,
    ip: string,
  ): Promise<void> {
    const ctx = caller.withTenant(await this.tenancy.resolve(caller, store));
    await this.limitVerify(ctx, phone, 'password_reset', ip);
    const passwordHash = await hashPassword(newPassword);
    const outcome = await this.tenantDb.run(ctx, async (trx) => {
      const consumed = await this.consume(trx, phone, 'password_reset', code);
      if (consumed.kind !== 'ok') return consumed;
      const user = await this.authRepository.userById(trx, consumed.userId);
      if (user?.status !== 'active') return { kind: 'none' as const };
      await this.authRepository.setPassword(trx, user.id, passwordHash);
      const revoked = await this.authRepository.revokeRefreshTokens(trx, user.id);
      await this.audit.record(trx, ctx, {
        actor: { type: 'user', id: user.id },
        action: 'user.password_reset',
        entity: { type: 'user', id: user.id },
        after: { method: 'sms_code', refreshTokensRevoked: revoked },
      });
      return { kind: 'ok' as const, user };
    });
    if (outcome.kind !== 'ok') throw this.refused(outcome);
    await this.auth.clearLockout(ctx, outcome.user.id);
  }

  private async limitVerify(ctx: RequestContext, phone: string, purpose: OtpPurpose, ip: string): Promise<void> {
    await this.limiter.hit(LIMITS.otpVerifyPerIp, { subject: ip });
    await this.limiter.hit(LIMITS.otpVerifyPerPhone, { tenantId: ctx.tenantId, subject: `${purpose}:${phone}` });
  }

  /** Checks the code against the phone's live code, counting the attempt (returned, never thrown, so the count commits). */
  private async consume(
    trx: Parameters<AccountsRepository['liveOtp']>[0],
    phone: string,
    purpose: OtpPurpose,
    code: string,
  ): Promise<Consumed> {
    const otp = await this.accounts.liveOtp(trx, phone, purpose);
    if (!otp) return { kind: 'none' };
    if (otp.attempts >= OTP_MAX_ATTEMPTS) return { kind: 'exhausted' };
    const expected = Buffer.from(otp.code_hash, 'hex');
    const given = Buffer.from(hashCode(otp.code_salt, code), 'hex');
    if (otp.user_id && timingSafeEqual(expected, given)) {
      await this.accounts.useOtp(trx, otp.id);
      return { kind: 'ok', userId: otp.user_id };
    }
    const attempts = await this.accounts.countOtpAttempt(trx, otp.id);
    const attemptsLeft = Math.max(OTP_MAX_ATTEMPTS - attempts, 0);
    return attemptsLeft > 0 ? { kind: 'wrong', attemptsLeft } : { kind: 'exhausted' };
  }

  private refused(outcome: Exclude<Consumed, { kind: 'ok' }>): ApiError {
    switch (outcome.kind) {
      case 'wrong':
        return new ApiError(
          401,
          'unauthorized',
          `Wrong code. ${outcome.attemptsLeft === 1 ? '1 try' : `${outcome.attemptsLeft} tries`} left.`,
          { reason: 'code_wrong', attemptsLeft: outcome.attemptsLeft },
        );
      case 'exhausted':
        return new ApiError(401, 'unauthorized', 'Too many wrong tries for this code: request a new code.', {
          reason: 'code_attempts_exhausted',
          attemptsLeft: 0,
        });
      default:
        return new ApiError(
          401,
          'unauthorized',
          `No valid code for this phone: codes last ${OTP_TTL_SECONDS / 60} minutes and work once. Request a new code.`,
          { reason: 'code_expired_or_missing' },
        );
    }
  }
}
