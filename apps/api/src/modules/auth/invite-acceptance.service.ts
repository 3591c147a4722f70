import { Injectable } from '@nestjs/common';
import { hashPassword } from '@sokoni/db';
import { ApiError } from '../../platform/api-error';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { AuditService } from '../audit/audit.service';
import { TenancyService } from '../tenancy/tenancy.service';
import { AccountsRepository } from './accounts.repository';
import { AuthService, type Session } from './auth.service';
import { LIMITS, RateLimiter } from './rate-limiter';
import { INVITE_DAYS, sha256 } from './staff.service';

/** The other end of a staff invite (StaffService sends it): the invited person joins the store. */
@Injectable()
export class InviteAcceptanceService {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly tenantDb: TenantDb,
    private readonly accounts: AccountsRepository,
    private readonly auth: AuthService,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
  ) {}

  /** The invited person sets a password: their account turns active and they are logged in. */
  async acceptInvite(caller: RequestContext, token: string, password: string, ip: string): Promise<Session> {
    await this.limiter.hit(LIMITS.inviteAcceptPerIp, { subject: ip });
    const invalid = new ApiError(
      404,
      'not_found',
      `This invite link is not valid: it was used already, was cancelled or is older than ${INVITE_DAYS} days. Ask the store owner for a new one.`,
      { reason: 'invite_invalid' },
    );
    const slug = token.slice(0, token.indexOf('.'));
    const ctx = caller.withTenant(
      await this.tenancy.resolve(caller, slug).catch(() => {
        throw invalid;
      }),
    );
    const passwordHash = await hashPassword(password);
    const user = await this.tenantDb.run(ctx, async (trx) => {
      const invite = await this.accounts.inviteByTokenHash(trx, sha256(token));
      if (
        !invite ||
        invite.accepted_at ||
        invite.status !== 'invited' ||
        new Date(invite.expires_at).getTime() <= Date.now()
      )
        return undefined;
      await this.accounts.markInviteAccepted(trx, invite.id);
      await this.accounts.activateInvitedUser(trx, invite.user_id, passwordHash);
      await this.audit.record(trx, ctx, {
        actor: { type: 'user', id: invite.user_id },
        action: 'user.invite_accepted',
        entity: { type: 'user', id: invite.user_id },
        before: { status: 'invited' },
        after: { status: 'active' },
      });
      return { id: invite.user_id, name: invite.name, role: invite.role };
    });
    if (!user) throw invalid;
    return this.auth.issueSession(ctx, user);
  }
}
