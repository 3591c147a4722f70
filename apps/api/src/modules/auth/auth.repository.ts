import { Injectable } from '@nestjs/common';
import { sql, type TenantTransaction } from '@sokoni/db';

@Injectable()
export class AuthRepository {
  /** A new store's first user, its owner (sign-up). */
  async insertOwner(
    trx: TenantTransaction,
    row: { tenant_id: string; name: string; email: string | null; phone: string; password_hash: string },
  ): Promise<string> {
    return (
      await trx
        .insertInto('users')
        .values({ ...row, role: 'owner', status: 'active' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }

  /** A new store's owner-token signing secret. */
  async insertSigningSecret(trx: TenantTransaction, tenantId: string, jwtSecret: string): Promise<void> {
    await trx.insertInto('tenant_auth_secrets').values({ tenant_id: tenantId, jwt_secret: jwtSecret }).execute();
  }

  /**
   * What signing an access token needs: the store's secret and the token's issue time in
   * microseconds on the database clock, never before the user's cutoff (a login right after a
   * password reset is never refused, even if the clock stepped back).
   */
  async signingState(
    trx: TenantTransaction,
    userId: string,
  ): Promise<{ jwtSecret: string; issuedAtMicros: number } | undefined> {
    const result = await sql<{ jwt_secret: string; micros: string }>`
      SELECT s.jwt_secret, (extract(epoch FROM GREATEST(clock_timestamp(),
               (SELECT u.tokens_valid_after FROM users u WHERE u.id = ${userId}))) * 1000000)::bigint AS micros
        FROM tenant_auth_secrets s`.execute(trx);
    const row = result.rows[0];
    return row ? { jwtSecret: row.jwt_secret, issuedAtMicros: Number(row.micros) } : undefined;
  }

  /** What verifying an access token needs, in one round trip: the store's secret and the user's state now (cutoff in microseconds). */
  async tokenCheck(trx: TenantTransaction, userId: string) {
    return trx
      .selectFrom('tenant_auth_secrets')
      .leftJoin('users', (join) => join.on('users.id', '=', userId))
      .select(['tenant_auth_secrets.jwt_secret', 'users.role', 'users.status'])
      .select(
        sql<string | null>`(extract(epoch FROM users.tokens_valid_after) * 1000000)::bigint`.as('valid_after_micros'),
      )
      .executeTakeFirst();
  }

  async userByLogin(trx: TenantTransaction, login: { email?: string; phone?: string }) {
    let query = trx.selectFrom('users').select(['id', 'name', 'email', 'phone', 'role', 'status', 'password_hash']);
    query = login.email ? query.where('email', '=', login.email) : query.where('phone', '=', login.phone!);
    return query.executeTakeFirst();
  }

  async userById(trx: TenantTransaction, id: string) {
    return trx
      .selectFrom('users')
      .select(['id', 'name', 'email', 'phone', 'role', 'status'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The store's own row (the owner app header): read in the store's transaction, so RLS shows only it. */
  async currentStore(trx: TenantTransaction) {
    return trx.selectFrom('tenants').select(['slug', 'name', 'status']).executeTakeFirst();
  }

  async insertRefreshToken(
    trx: TenantTransaction,
    tenantId: string,
    userId: string,
    tokenHash: string,
    expiresAt: Date,
  ): Promise<void> {
    await trx
      .insertInto('refresh_tokens')
      .values({ tenant_id: tenantId, user_id: userId, token_hash: tokenHash, expires_at: expiresAt })
      .execute();
  }

  /** Marks the token used (revoked) and returns its user, only if it was live: one use each. */
  async consumeRefreshToken(trx: TenantTransaction, tokenHash: string): Promise<{ user_id: string } | undefined> {
    return trx
      .updateTable('refresh_tokens')
      .set({ revoked_at: new Date() })
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', new Date())
      .returning('user_id')
      .executeTakeFirst();
  }

  /** Revokes every live refresh token of one user, or of the whole store. Returns how many. */
  async revokeRefreshTokens(trx: TenantTransaction, userId?: string): Promise<number> {
    let query = trx.updateTable('refresh_tokens').set({ revoked_at: new Date() }).where('revoked_at', 'is', null);
    if (userId) query = query.where('user_id', '=', userId);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** New signing secret: every access token of the store stops verifying. Returns the old rotation time. */
  async rotateSecret(trx: TenantTransaction, secret: string): Promise<{ before: Date | undefined; after: Date }> {
    const before = await trx.selectFrom('tenant_auth_secrets').select('rotated_at').forUpdate().executeTakeFirst();
    const after = await trx
      .updateTable('tenant_auth_secrets')
      .set({ jwt_secret: secret, rotated_at: sql<Date>`clock_timestamp()` })
      .returning('rotated_at')
      .executeTakeFirstOrThrow();
    return { before: before?.rotated_at, after: after.rotated_at };
  }

  /** New password: also voids access tokens issued before this moment (microseconds, database clock). */
  async setPassword(trx: TenantTransaction, userId: string, passwordHash: string): Promise<void> {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, tokens_valid_after: sql<Date>`clock_timestamp()` })
      .where('id', '=', userId)
      .execute();
  }
}
