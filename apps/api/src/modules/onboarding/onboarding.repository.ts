import { Inject, Injectable } from '@nestjs/common';
import { sql, type Database, type Kysely, type TenantTransaction } from '@sokoni/db';
import { DB } from '../../platform/tokens';
import { STORE_PROFILE_COLUMNS } from '../tenancy/tenancy.repository';
import type { Vertical } from './verticals';

/**
 * The wizard's SQL. Writes only the wizard's own progress row (the store's other rows are
 * written through the modules that own them). Reads: the real state each step is judged by
 * (contact on the tenant, M-Pesa settings, delivery zones, sellable products), as counts and
 * flags only, and the categories and products the starter shelf checks.
 */
@Injectable()
export class OnboardingRepository {
  constructor(@Inject(DB) private readonly db: Kysely<Database>) {}

  /** Which of these slugs belong to a store already (drafts included), across all stores. */
  async takenSlugs(slugs: string[]): Promise<Set<string>> {
    if (slugs.length === 0) return new Set();
    const result = await sql<{ slug: string }>`SELECT slug FROM app_taken_store_slugs(${slugs}::text[])`.execute(
      this.db,
    );
    return new Set(result.rows.map((r) => r.slug));
  }

  /** The wizard's progress row of a new store. */
  async insertProgress(trx: TenantTransaction, tenantId: string, vertical: Vertical) {
    await trx.insertInto('onboarding_progress').values({ tenant_id: tenantId, defaults_vertical: vertical }).execute();
  }

  /** Categories with how many products use them (or are children pointing at them). */
  async categories(trx: TenantTransaction) {
    return trx
      .selectFrom('categories as c')
      .select(['c.id', 'c.slug', 'c.name', 'c.position'])
      .select((eb) => [
        eb
          .selectFrom('products as p')
          .select((e) => e.fn.countAll<string>().as('n'))
          .whereRef('p.category_id', '=', 'c.id')
          .as('products'),
        eb
          .selectFrom('categories as k')
          .select((e) => e.fn.countAll<string>().as('n'))
          .whereRef('k.parent_id', '=', 'c.id')
          .as('children'),
      ])
      .orderBy('c.position')
      .orderBy('c.slug')
      .execute();
  }

  async store(trx: TenantTransaction, lock = false) {
    let q = trx.selectFrom('tenants').select([...STORE_PROFILE_COLUMNS, 'status']);
    if (lock) q = q.forUpdate();
    return q.executeTakeFirst();
  }

  async progress(trx: TenantTransaction) {
    return trx.selectFrom('onboarding_progress').selectAll().executeTakeFirst();
  }

  /** The progress row; stores made before the wizard existed (the demo seed) get one on first use. */
  async ensureProgress(trx: TenantTransaction, tenantId: string, vertical: Vertical) {
    await trx
      .insertInto('onboarding_progress')
      .values({ tenant_id: tenantId, defaults_vertical: vertical })
      .onConflict((oc) => oc.column('tenant_id').doNothing())
      .execute();
    return (await this.progress(trx))!;
  }

  async updateProgress(
    trx: TenantTransaction,
    changes: {
      defaults_vertical?: Vertical;
      mpesa_skipped_at?: Date | null;
      show_advanced?: boolean;
      published_at?: Date;
    },
  ) {
    await trx
      .updateTable('onboarding_progress')
      .set(changes)
      .where('tenant_id', '=', sql<string>`app_current_tenant()`)
      .execute();
  }

  /** The facts the steps are judged by, read in one go from the real tables. */
  async facts(trx: TenantTransaction) {
    const row = await sql<{ mpesa: boolean; zones: number; products: number; sellable: number }>`
      SELECT
        EXISTS (SELECT 1 FROM mpesa_settings) AS mpesa,
        (SELECT count(*)::int FROM delivery_zones z WHERE EXISTS (SELECT 1 FROM delivery_zone_areas a WHERE a.zone_id = z.id)) AS zones,
        (SELECT count(*)::int FROM products) AS products,
        (SELECT count(DISTINCT p.id)::int FROM products p JOIN product_variants v ON v.product_id = p.id
          WHERE p.status = 'active' AND v.status = 'active' AND v.on_hand > 0) AS sellable`.execute(trx);
    return row.rows[0]!;
  }

  async productSlugs(trx: TenantTransaction, slugs: string[]): Promise<Set<string>> {
    if (slugs.length === 0) return new Set();
    return new Set(
      (await trx.selectFrom('products').select('slug').where('slug', 'in', slugs).execute()).map((r) => r.slug),
    );
  }

  async productIdBySlug(trx: TenantTransaction, slug: string) {
    return (await trx.selectFrom('products').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
  }

  async hasMedia(trx: TenantTransaction, productId: string): Promise<boolean> {
    return Boolean(
      await trx.selectFrom('product_media').select('id').where('product_id', '=', productId).executeTakeFirst(),
    );
  }
}
