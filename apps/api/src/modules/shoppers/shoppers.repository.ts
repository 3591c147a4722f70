import { Injectable } from '@nestjs/common';
import { sql, type TenantTransaction } from '@sokoni/db';

export interface SavedAddress {
  areaSlug: string;
  landmark: string;
  label: string;
}

/**
 * The phone's "sessions issued before this are void" (sign out on all phones), in microseconds
 * since the epoch; null when it never signed out everywhere. One primary-key lookup. A free
 * function: every use of a shopper session checks it (assertSessionLive in shopper-session.ts).
 */
export async function sessionsValidAfter(trx: TenantTransaction, phone: string): Promise<number | null> {
  const result = await sql<{ micros: string | null }>`
    SELECT (extract(epoch FROM sessions_valid_after) * 1000000)::bigint AS micros FROM shopper_accounts WHERE phone = ${phone}`.execute(
    trx,
  );
  const micros = result.rows[0]?.micros;
  return micros == null ? null : Number(micros);
}

/** Shopper sign-in codes, session cutoffs and saved places (this module's tables), and which orders are a phone's. */
@Injectable()
export class ShoppersRepository {
  /** A new code replaces the phone's previous one (and its spent attempts). */
  async putOtp(
    trx: TenantTransaction,
    tenantId: string,
    phone: string,
    codeHash: string,
    expiresAt: Date,
  ): Promise<void> {
    await trx
      .insertInto('shopper_otps')
      .values({
        tenant_id: tenantId,
        phone,
        code_hash: codeHash,
        attempts: 0,
        expires_at: expiresAt,
        consumed_at: null,
        created_at: new Date(),
      })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'phone']).doUpdateSet({
          code_hash: codeHash,
          attempts: 0,
          expires_at: expiresAt,
          consumed_at: null,
          created_at: new Date(),
        }),
      )
      .execute();
  }

  async lockOtp(trx: TenantTransaction, phone: string) {
    return trx
      .selectFrom('shopper_otps')
      .select(['code_hash', 'attempts', 'expires_at', 'consumed_at'])
      .where('phone', '=', phone)
      .forUpdate()
      .executeTakeFirst();
  }

  async countAttempt(trx: TenantTransaction, phone: string): Promise<number> {
    const row = await trx
      .updateTable('shopper_otps')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('phone', '=', phone)
      .returning('attempts')
      .executeTakeFirstOrThrow();
    return row.attempts;
  }

  async consumeOtp(trx: TenantTransaction, phone: string): Promise<void> {
    await trx.updateTable('shopper_otps').set({ consumed_at: new Date() }).where('phone', '=', phone).execute();
  }

  /**
   * When a session issued now is issued (microseconds, database clock): now, but never before
   * the phone's cutoff, so a sign-in right after "sign out on all phones" is never refused even
   * if the clock stepped back. Both this and the cutoff come from the same clock.
   */
  async sessionStamp(trx: TenantTransaction, phone: string): Promise<number> {
    const result = await sql<{ micros: string }>`
      SELECT (extract(epoch FROM GREATEST(clock_timestamp(),
               (SELECT sessions_valid_after FROM shopper_accounts WHERE phone = ${phone}))) * 1000000)::bigint AS micros`.execute(
      trx,
    );
    return Number(result.rows[0]!.micros);
  }

  /** Sign out on all phones: every session of this phone issued before now is void (the cutoff only moves forward). */
  async revokeSessions(trx: TenantTransaction, tenantId: string, phone: string): Promise<void> {
    await sql`
      INSERT INTO shopper_accounts (tenant_id, phone, sessions_valid_after) VALUES (${tenantId}, ${phone}, clock_timestamp())
      ON CONFLICT (tenant_id, phone) DO UPDATE
        SET sessions_valid_after = GREATEST(shopper_accounts.sessions_valid_after, EXCLUDED.sessions_valid_after)`.execute(
      trx,
    );
  }

  /** Ids of the phone's orders at this store, newest first (the orders module renders them). */
  async orderIdsOf(trx: TenantTransaction, phone: string, limit: number): Promise<string[]> {
    const rows = await trx
      .selectFrom('orders')
      .select('id')
      .where('phone', '=', phone)
      .orderBy('created_at', 'desc')
      .orderBy('number', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  async orderOf(trx: TenantTransaction, phone: string, orderId: string): Promise<boolean> {
    return Boolean(
      await trx
        .selectFrom('orders')
        .select('id')
        .where('id', '=', orderId)
        .where('phone', '=', phone)
        .executeTakeFirst(),
    );
  }

  async addresses(trx: TenantTransaction, phone: string) {
    const result = await sql<{ area_slug: string; area_name: string; landmark: string; label: string }>`
      SELECT a.area_slug, n.name AS area_name, a.landmark, a.label
        FROM shopper_addresses a JOIN nairobi_areas n ON n.slug = a.area_slug
       WHERE a.phone = ${phone}
       ORDER BY a.position`.execute(trx);
    return result.rows;
  }

  async replaceAddresses(
    trx: TenantTransaction,
    tenantId: string,
    phone: string,
    addresses: SavedAddress[],
  ): Promise<void> {
    await trx.deleteFrom('shopper_addresses').where('phone', '=', phone).execute();
    if (addresses.length === 0) return;
    await trx
      .insertInto('shopper_addresses')
      .values(
        addresses.map((a, position) => ({
          tenant_id: tenantId,
          phone,
          position,
          area_slug: a.areaSlug,
          landmark: a.landmark,
          label: a.label,
        })),
      )
      .execute();
  }

  /** Which of these area slugs exist (nairobi_areas is shared reference data). */
  async knownAreas(trx: TenantTransaction, slugs: string[]): Promise<Set<string>> {
    if (slugs.length === 0) return new Set();
    return new Set(
      (await trx.selectFrom('nairobi_areas').select('slug').where('slug', 'in', slugs).execute()).map((r) => r.slug),
    );
  }
}
