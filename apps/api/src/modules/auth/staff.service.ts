import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/config';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG } from '../../platform/tokens';
import { AuditService } from '../audit/audit.service';
import { TenancyService } from '../tenancy/tenancy.service';
import { AccountsRepository, type UserStatus } from './accounts.repository';
import { AuthRepository } from './auth.repository';
import { OwnerSms } from './owner-sms';
import type { Role } from '@sokoni/contracts';
import type { RequestContext } from '../../platform/request-context';

export const INVITE_DAYS = 7;
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export interface StaffMember {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  role: Role;
  status: UserStatus;
  createdAt: string;
  updatedAt: string;
  /** Set while an invite is waiting to be accepted. */
  inviteExpiresAt?: string | null;
}

/** A users row as the repository reads it: the member's fields, with the database's timestamps. */
type UserRow = Omit<StaffMember, 'createdAt' | 'updatedAt' | 'inviteExpiresAt'> & {
  created_at: Date;
  updated_at: Date;
};

const toMember = (u: UserRow & { invite_expires_at?: Date | string | null }): StaffMember => ({
  id: u.id,
  name: u.name,
  email: u.email,
  phone: u.phone,
  role: u.role,
  status: u.status,
  createdAt: new Date(u.created_at).toISOString(),
  updatedAt: new Date(u.updated_at).toISOString(),
  ...(u.status === 'invited'
    ? { inviteExpiresAt: u.invite_expires_at ? new Date(u.invite_expires_at).toISOString() : null }
    : {}),
});

/** Who works at the store: invites, roles, disabling. Every change is audited with before/after. */
@Injectable()
export class StaffService {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly tenancy: TenancyService,
    private readonly tenantDb: TenantDb,
    private readonly accounts: AccountsRepository,
    private readonly authRepository: AuthRepository,
    private readonly sms: OwnerSms,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: RequestContext): Promise<{ items: StaffMember[] }> {
    const rows = await this.tenantDb.run(ctx, (trx) => this.accounts.listUsers(trx));
    return { items: rows.map((r) => toMember(r as UserRow & { invite_expires_at: Date | null })) };
  }

  /**
   * Creates the person (status invited) and a single-use link valid 7 days. The link goes by SMS
   * when a phone is given and is returned once, for the owner to share (WhatsApp, in person).
   */
  async invite(ctx: RequestContext, input: { name: string; role: 'admin' | 'staff'; email?: string; phone?: string }) {
    const store = await this.tenancy.storeOf(ctx);
    const token = `${store.slug}.${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + INVITE_DAYS * 24 * 3600_000);
    const result = await this.tenantDb
      .run(ctx, async (trx) => {
        const taken = await this.accounts.usersWithContact(trx, input.email, input.phone);
        if (taken.length) {
          const fields = [
            ...new Set(
              taken.flatMap((u) => [
                ...(input.email && u.email?.toLowerCase() === input.email ? ['email'] : []),
                ...(input.phone && u.phone === input.phone ? ['phone'] : []),
              ]),
            ),
          ];
          throw new ApiError(
            409,
            'conflict',
            `Someone at this store already uses this ${fields.join(' and ') || 'contact'}`,
            { fields },
          );
        }
        const user = await this.accounts.insertInvitedUser(trx, ctx.tenantId, input);
        const invite = await this.accounts.insertInvite(trx, ctx.tenantId, {
          userId: user.id,
          tokenHash: sha256(token),
          invitedBy: ctx.owner.userId,
          expiresAt,
        });
        await this.audit.record(trx, ctx, {
          action: 'user.invited',
          entity: { type: 'user', id: user.id },
          after: {
            name: user.name,
            role: user.role,
            email: user.email,
            phone: user.phone,
            status: user.status,
            inviteExpiresAt: expiresAt.toISOString(),
          },
        });
        return { user, invite };
      })
      .catch((error: unknown) => {
        // Two invites for the same contact at once: the unique index decides, the loser gets a 409.
        if ((error as { code?: string }).code === '23505')
          throw new ApiError(409, 'conflict', 'Someone at this store already uses this email or phone');
        throw error;
      });
    const inviteUrl = `${this.config.OWNER_APP_URL}/invite/${token}`;
    if (input.phone) {
      this.sms.sendInBackground(
        input.phone,
        `You are invited to help run ${store.name} on Sokoni as ${input.role}. Set your password here: ${inviteUrl} (link valid ${INVITE_DAYS} days).`,
        'staff_invite',
      );
    }
    return {
      user: toMember({ ...result.user, invite_expires_at: result.invite.expires_at }),
      inviteUrl,
      inviteExpiresAt: expiresAt.toISOString(),
      smsSent: Boolean(input.phone),
    };
  }

  /**
   * Role and status changes. Nobody changes their own role or disables themselves, and the
   * store always keeps an active owner. Disabling ends the person's sessions at once.
   */
  async update(
    ctx: RequestContext,
    userId: string,
    change: { role?: Role; status?: 'active' | 'disabled' },
  ): Promise<{ user: StaffMember }> {
    const updated = await this.tenantDb.run(ctx, async (trx) => {
      const target = await this.accounts.userById(trx, userId, true);
      if (!target) throw ApiError.notFound('not_found', 'No such person at this store', { userId });
      const roleChanges = change.role !== undefined && change.role !== target.role;
      const statusChanges = change.status !== undefined && change.status !== target.status;
      if (!roleChanges && !statusChanges) return target;
      if (statusChanges && change.status === 'active' && target.status === 'invited') {
        throw new ApiError(
          409,
          'conflict',
          `${target.name} has not accepted the invite yet: they become active by setting a password from the invite link`,
          { status: target.status },
        );
      }
      const losesOwnership =
        target.role === 'owner' &&
        target.status === 'active' &&
        ((roleChanges && change.role !== 'owner') || (statusChanges && change.status === 'disabled'));
      if (losesOwnership) {
        const owners = await this.accounts.lockActiveOwners(trx);
        if (owners.length <= 1) {
          throw new ApiError(
            409,
            'conflict',
            `${target.name} is the store's only active owner: make someone else an owner first`,
            { reason: 'last_owner' },
          );
        }
      }
      if (target.id === ctx.owner.userId) {
        throw new ApiError(
          403,
          'forbidden',
          'You cannot change your own role or disable your own account: ask another owner',
          { reason: 'self_change' },
        );
      }
      const user = await this.accounts.updateUser(trx, target.id, {
        ...(roleChanges ? { role: change.role } : {}),
        ...(statusChanges ? { status: change.status } : {}),
      });
      const actor = { type: 'user' as const, id: ctx.owner.userId };
      const entity = { type: 'user', id: target.id };
      if (roleChanges) {
        await this.audit.record(trx, ctx, {
          actor,
          action: 'user.role_changed',
          entity,
          before: { role: target.role },
          after: { role: user.role },
        });
      }
      if (statusChanges) {
        const revoked =
          change.status === 'disabled' ? await this.authRepository.revokeRefreshTokens(trx, target.id) : 0;
        await this.audit.record(trx, ctx, {
          actor,
          action: change.status === 'disabled' ? 'user.disabled' : 'user.enabled',
          entity,
          before: { status: target.status },
          after: { status: user.status, ...(change.status === 'disabled' ? { refreshTokensRevoked: revoked } : {}) },
        });
      }
      return user;
    });
    return { user: toMember(updated) };
  }
}
