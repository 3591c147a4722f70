import { Injectable } from '@nestjs/common';
import type { TenantTransaction } from '@sokoni/db';

@Injectable()
export class AuthRepository {
  async jwtSecret(trx: TenantTransaction): Promise<string | undefined> {
    return (await trx.selectFrom('tenant_auth_secrets').select('jwt_secret').executeTakeFirst())?.jwt_secret;
  }

  async userByLogin(trx: TenantTransaction, login: { email?: string; phone?: string }) {
    let query = trx.selectFrom('users').select(['id', 'name', 'email', 'phone', 'role', 'status', 'password_hash']);
    query = login.email ? query.where('email', '=', login.email) : query.where('phone', '=', login.phone!);
    return query.executeTakeFirst();
  }

  async userById(trx: TenantTransaction, id: string) {
    return trx.selectFrom('users').select(['id', 'name', 'email', 'role', 'status']).where('id', '=', id).executeTakeFirst();
  }

  async insertRefreshToken(trx: TenantTransaction, tenantId: string, userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await trx.insertInto('refresh_tokens').values({ tenant_id: tenantId, user_id: userId, token_hash: tokenHash, expires_at: expiresAt }).execute();
  }

  /** Marks the token used (revoked) and returns its user, only if it was live: one use each. */
  async consumeRefreshToken(trx: TenantTransaction, tokenHash: string): Promise<{ user_id: string } | undefined> {
    return trx.updateTable('refresh_tokens')
      .set({ revoked_at: new Date() })
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', new Date())
      .returning('user_id')
      .executeTakeFirst();
  }
}
