import { Inject, Injectable } from '@nestjs/common';
import { sql, type Database, type Kysely, type TenantTransaction } from '@sokoni/db';
import { DB } from '../../platform/tokens';

export const DOMAIN_COLUMNS = [
  'id',
  'host',
  'kind',
  'status',
  'is_primary',
  'verification_token',
  'check_code',
  'check_message',
  'last_checked_at',
  'next_check_at',
  'failing_since',
  'verified_at',
  'certificate_at',
  'removed_at',
  'created_at',
] as const;

export interface DomainCheckUpdate {
  status: 'pending' | 'failed' | 'verified';
  check_code: string | null;
  check_message: string | null;
  next_check_at: Date;
  failing_since: Date | null;
  verified_at: Date | null;
  certificate_at: Date | null;
  is_primary?: boolean;
}

/** tenant_domains: the custom-domain workflow. The raw DB is used only by `due` (SECURITY DEFINER sweep). */
@Injectable()
export class DomainsRepository {
  constructor(@Inject(DB) private readonly db: Kysely<Database>) {}

  /** Domains of every store whose check is due (app_domains_due), each then checked in its own tenant. */
  async due(limit: number): Promise<{ tenantId: string; id: string }[]> {
    const { rows } = await sql<{
      tenant_id: string;
      id: string;
    }>`SELECT tenant_id, id FROM app_domains_due(${limit})`.execute(this.db);
    return rows.map((r) => ({ tenantId: r.tenant_id, id: r.id }));
  }

  list(trx: TenantTransaction, tenantId: string) {
    return trx
      .selectFrom('tenant_domains')
      .select(DOMAIN_COLUMNS)
      .where('tenant_id', '=', tenantId)
      .where('status', '<>', 'removed')
      .orderBy('is_primary', 'desc')
      .orderBy('created_at')
      .execute();
  }

  find(trx: TenantTransaction, tenantId: string, id: string, opts: { lock?: boolean } = {}) {
    let q = trx
      .selectFrom('tenant_domains')
      .select(DOMAIN_COLUMNS)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id);
    if (opts.lock) q = q.forUpdate();
    return q.executeTakeFirst();
  }

  findByHost(trx: TenantTransaction, tenantId: string, host: string) {
    return trx
      .selectFrom('tenant_domains')
      .select(DOMAIN_COLUMNS)
      .where('tenant_id', '=', tenantId)
      .where('host', '=', host)
      .forUpdate()
      .executeTakeFirst();
  }

  insert(
    trx: TenantTransaction,
    row: { tenant_id: string; host: string; kind: 'subdomain' | 'apex'; verification_token: string },
  ) {
    return trx.insertInto('tenant_domains').values(row).returning(DOMAIN_COLUMNS).executeTakeFirstOrThrow();
  }

  /** A removed host of this store attached again: a fresh token, back to waiting. */
  revive(trx: TenantTransaction, tenantId: string, id: string, token: string) {
    return trx
      .updateTable('tenant_domains')
      .set({
        status: 'pending',
        verification_token: token,
        removed_at: null,
        check_code: null,
        check_message: null,
        last_checked_at: null,
        next_check_at: sql<Date>`now()`,
        failing_since: null,
        verified_at: null,
        certificate_at: null,
        is_primary: false,
        updated_at: sql<Date>`now()`,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returning(DOMAIN_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  applyCheck(trx: TenantTransaction, tenantId: string, id: string, update: DomainCheckUpdate) {
    return trx
      .updateTable('tenant_domains')
      .set({ ...update, last_checked_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returning(DOMAIN_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  postpone(trx: TenantTransaction, tenantId: string, id: string, until: Date) {
    return trx
      .updateTable('tenant_domains')
      .set({ next_check_at: until })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  }

  hasPrimary(trx: TenantTransaction, tenantId: string) {
    return trx
      .selectFrom('tenant_domains')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('is_primary', '=', true)
      .executeTakeFirst();
  }

  async makePrimary(trx: TenantTransaction, tenantId: string, id: string) {
    await trx
      .updateTable('tenant_domains')
      .set({ is_primary: false, updated_at: sql<Date>`now()` })
      .where('tenant_id', '=', tenantId)
      .where('is_primary', '=', true)
      .where('id', '<>', id)
      .execute();
    await trx
      .updateTable('tenant_domains')
      .set({ is_primary: true, updated_at: sql<Date>`now()` })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  }

  /** The oldest other verified domain becomes primary (after the primary went away). */
  async promoteNextPrimary(trx: TenantTransaction, tenantId: string) {
    const next = await trx
      .selectFrom('tenant_domains')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'verified')
      .where('verification_token', 'is not', null)
      .orderBy('verified_at')
      .executeTakeFirst();
    if (next) await this.makePrimary(trx, tenantId, next.id);
  }

  /** Detached: stops serving now (verified_at cleared), the host stays reserved for this store until `until`. */
  remove(trx: TenantTransaction, tenantId: string, id: string, until: Date) {
    return trx
      .updateTable('tenant_domains')
      .set({
        status: 'removed',
        removed_at: sql<Date>`now()`,
        verified_at: null,
        certificate_at: null,
        is_primary: false,
        next_check_at: until,
        updated_at: sql<Date>`now()`,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  }

  /** The cooling-off of a removed host ended: anyone may claim it (with their own TXT proof). */
  purge(trx: TenantTransaction, tenantId: string, id: string) {
    return trx
      .deleteFrom('tenant_domains')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('status', '=', 'removed')
      .execute();
  }

  /** The store's canonical host: its primary verified domain. */
  async primaryHost(trx: TenantTransaction, tenantId: string): Promise<string | null> {
    const row = await trx
      .selectFrom('tenant_domains')
      .select('host')
      .where('tenant_id', '=', tenantId)
      .where('is_primary', '=', true)
      .where('verified_at', 'is not', null)
      .executeTakeFirst();
    return row?.host ?? null;
  }
}
