import { Injectable } from '@nestjs/common';
import type { TenantTransaction } from '@sokoni/db';

const COLUMNS = [
  'owner_api_keys.id',
  'owner_api_keys.name',
  'owner_api_keys.scopes',
  'owner_api_keys.created_by',
  'owner_api_keys.created_at',
  'owner_api_keys.expires_at',
  'owner_api_keys.last_used_at',
  'owner_api_keys.revoked_at',
] as const;

/** owner_api_keys: the keys of the transaction's store (RLS), with their creator's name and role. */
@Injectable()
export class ApiKeysRepository {
  list(trx: TenantTransaction) {
    return trx
      .selectFrom('owner_api_keys')
      .leftJoin('users', (join) =>
        join
          .onRef('users.tenant_id', '=', 'owner_api_keys.tenant_id')
          .onRef('users.id', '=', 'owner_api_keys.created_by'),
      )
      .select([...COLUMNS, 'users.name as creator_name'])
      .orderBy('owner_api_keys.created_at', 'desc')
      .limit(200)
      .execute();
  }

  find(trx: TenantTransaction, id: string, opts: { lock?: boolean } = {}) {
    let query = trx
      .selectFrom('owner_api_keys')
      .leftJoin('users', (join) =>
        join
          .onRef('users.tenant_id', '=', 'owner_api_keys.tenant_id')
          .onRef('users.id', '=', 'owner_api_keys.created_by'),
      )
      .select([...COLUMNS, 'users.name as creator_name'])
      .where('owner_api_keys.id', '=', id);
    if (opts.lock) query = query.forUpdate('owner_api_keys');
    return query.executeTakeFirst();
  }

  /** What verification needs: the hash, the state, and the creator as they are now. */
  forAuth(trx: TenantTransaction, id: string) {
    return trx
      .selectFrom('owner_api_keys')
      .leftJoin('users', (join) =>
        join
          .onRef('users.tenant_id', '=', 'owner_api_keys.tenant_id')
          .onRef('users.id', '=', 'owner_api_keys.created_by'),
      )
      .select([
        'owner_api_keys.tenant_id',
        'owner_api_keys.secret_hash',
        'owner_api_keys.scopes',
        'owner_api_keys.created_by',
        'owner_api_keys.expires_at',
        'owner_api_keys.revoked_at',
        'owner_api_keys.last_used_at',
        'users.role',
        'users.status',
      ])
      .where('owner_api_keys.id', '=', id)
      .executeTakeFirst();
  }

  async insert(
    trx: TenantTransaction,
    row: {
      tenant_id: string;
      id: string;
      name: string;
      scopes: string[];
      secret_hash: Buffer;
      created_by: string;
      expires_at: Date | null;
    },
  ): Promise<void> {
    await trx.insertInto('owner_api_keys').values(row).execute();
  }

  async revoke(trx: TenantTransaction, id: string, by: string): Promise<void> {
    await trx
      .updateTable('owner_api_keys')
      .set({ revoked_at: new Date(), revoked_by: by })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** last_used_at at most once a minute per key, so a busy integration is not a write per request. */
  async touch(trx: TenantTransaction, id: string): Promise<void> {
    await trx
      .updateTable('owner_api_keys')
      .set({ last_used_at: new Date() })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(Date.now() - 60_000))]))
      .execute();
  }
}
