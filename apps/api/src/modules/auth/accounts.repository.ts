import { Injectable } from '@nestjs/common';
import { sql, type TenantTransaction } from '@sokoni/db';
import type { Role } from '@sokoni/contracts';

export type OtpPurpose = 'login' | 'password_reset';
export type UserStatus = 'invited' | 'active' | 'disabled';

const USER_COLUMNS = ['id', 'name', 'email', 'phone', 'role', 'status', 'created_at', 'updated_at'] as const;

/** SQL for one-time codes, invites and the staff list (users of the store in the transaction). */
@Injectable()
export class AccountsRepository {
  async userByPhone(trx: TenantTransaction, phone: string) {
    return trx
      .selectFrom('users')
      .select(['id', 'name', 'email', 'phone', 'role', 'status'])
      .where('phone', '=', phone)
      .executeTakeFirst();
  }

  async userById(trx: TenantTransaction, id: string, lock = false) {
    let query = trx.selectFrom('users').select(USER_COLUMNS).where('id', '=', id);
    if (lock) query = query.forUpdate();
    return query.executeTakeFirst();
  }

  async listUsers(trx: TenantTransaction) {
    return trx
      .selectFrom('users')
      .select([
        ...USER_COLUMNS,
        (eb) =>
          eb
            .selectFrom('staff_invites')
            .select('expires_at')
            .whereRef('staff_invites.user_id', '=', 'users.id')
            .where('accepted_at', 'is', null)
            .orderBy('created_at', 'desc')
            .limit(1)
            .as('invite_expires_at'),
      ])
      .orderBy(sql`CASE role WHEN 'owner' THEN 1 WHEN 'admin' THEN 2 ELSE 3 END`)
      .orderBy('name')
      .execute();
  }

  /** Who already uses this email or phone at the store (invites must not duplicate anyone). */
  async usersWithContact(trx: TenantTransaction, email: string | undefined, phone: string | undefined) {
    return trx
      .selectFrom('users')
      .select(['id', 'email', 'phone'])
      .where((eb) => eb.or([...(email ? [eb('email', '=', email)] : []), ...(phone ? [eb('phone', '=', phone)] : [])]))
      .execute();
  }

  async insertInvitedUser(
    trx: TenantTransaction,
    tenantId: string,
    user: { name: string; role: Role; email?: string; phone?: string },
  ) {
    return trx
      .insertInto('users')
      .values({
        tenant_id: tenantId,
        name: user.name,
        role: user.role,
        email: user.email ?? null,
        phone: user.phone ?? null,
        status: 'invited',
        password_hash: null,
      })
      .returning(USER_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  async insertInvite(
    trx: TenantTransaction,
    tenantId: string,
    invite: { userId: string; tokenHash: string; invitedBy: string; expiresAt: Date },
  ) {
    return trx
      .insertInto('staff_invites')
      .values({
        tenant_id: tenantId,
        user_id: invite.userId,
        token_hash: invite.tokenHash,
        invited_by: invite.invitedBy,
        expires_at: invite.expiresAt,
      })
      .returning(['id', 'expires_at'])
      .executeTakeFirstOrThrow();
  }

  /** The invite behind a token, locked, with its user's current status. */
  async inviteByTokenHash(trx: TenantTransaction, tokenHash: string) {
    return trx
      .selectFrom('staff_invites')
      .innerJoin('users', 'users.id', 'staff_invites.user_id')
      .select([
        'staff_invites.id',
        'staff_invites.user_id',
        'staff_invites.expires_at',
        'staff_invites.accepted_at',
        'users.status',
        'users.name',
        'users.role',
      ])
      .where('staff_invites.token_hash', '=', tokenHash)
      .forUpdate()
      .executeTakeFirst();
  }

  async markInviteAccepted(trx: TenantTransaction, inviteId: string): Promise<void> {
    await trx
      .updateTable('staff_invites')
      .set({ accepted_at: sql<Date>`now()` })
      .where('id', '=', inviteId)
      .execute();
  }

  async activateInvitedUser(trx: TenantTransaction, userId: string, passwordHash: string): Promise<void> {
    await trx
      .updateTable('users')
      .set({ status: 'active', password_hash: passwordHash })
      .where('id', '=', userId)
      .where('status', '=', 'invited')
      .execute();
  }

  async updateUser(trx: TenantTransaction, userId: string, change: { role?: Role; status?: UserStatus }) {
    return trx
      .updateTable('users')
      .set(change)
      .where('id', '=', userId)
      .returning(USER_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  /** Active owners, locked: two owners demoting each other at once cannot leave the store ownerless. */
  async lockActiveOwners(trx: TenantTransaction): Promise<string[]> {
    const rows = await trx
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'owner')
      .where('status', '=', 'active')
      .orderBy('id')
      .forUpdate()
      .execute();
    return rows.map((r) => r.id);
  }

  // --- one-time codes --------------------------------------------------------------------------

  /** A new code replaces any live one for the phone (only the latest SMS works); old rows are pruned. */
  async replaceOtp(
    trx: TenantTransaction,
    tenantId: string,
    otp: { userId: string | null; phone: string; purpose: OtpPurpose; salt: string; hash: string; ttlSeconds: number },
  ): Promise<void> {
    await trx
      .deleteFrom('owner_otps')
      .where('phone', '=', otp.phone)
      .where('created_at', '<', sql<Date>`now() - interval '1 day'`)
      .execute();
    await trx
      .updateTable('owner_otps')
      .set({ used_at: sql<Date>`now()` })
      .where('phone', '=', otp.phone)
      .where('purpose', '=', otp.purpose)
      .where('used_at', 'is', null)
      .execute();
    await trx
      .insertInto('owner_otps')
      .values({
        tenant_id: tenantId,
        user_id: otp.userId,
        phone: otp.phone,
        purpose: otp.purpose,
        code_salt: otp.salt,
        code_hash: otp.hash,
        expires_at: sql<Date>`now() + make_interval(secs => ${otp.ttlSeconds})`,
      })
      .execute();
  }

  /** The latest unused, unexpired code for the phone, locked so parallel guesses count one by one. */
  async liveOtp(trx: TenantTransaction, phone: string, purpose: OtpPurpose) {
    return trx
      .selectFrom('owner_otps')
      .select(['id', 'user_id', 'code_salt', 'code_hash', 'attempts'])
      .where('phone', '=', phone)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .orderBy('created_at', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
  }

  async countOtpAttempt(trx: TenantTransaction, id: string): Promise<number> {
    const row = await trx
      .updateTable('owner_otps')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .returning('attempts')
      .executeTakeFirstOrThrow();
    return row.attempts;
  }

  async useOtp(trx: TenantTransaction, id: string): Promise<void> {
    await trx
      .updateTable('owner_otps')
      .set((eb) => ({ used_at: sql<Date>`now()`, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }
}
