import { Inject, Injectable } from '@nestjs/common';
import { sql, type Database, type Kysely, type TenantTransaction } from '@sokoni/db';
import { DB } from '../../platform/tokens';
import { fromExcluded } from '../../platform/upsert';

/** One area as the store's delivery table sees it (zone columns null: not delivered there). */
export interface AreaOfferRow {
  slug: string;
  name: string;
  sub_county: string;
  zone_slug: string | null;
  zone_name: string | null;
  fee_kes: number | null;
  eta_hours_min: number | null;
  eta_hours_max: number | null;
}

export interface ZoneAreaRow {
  zone_id: string;
  area_slug: string;
  name: string;
  sub_county: string;
  fee_kes: number | null;
  surcharge_kes: number;
  eta_hours_min: number | null;
  eta_hours_max: number | null;
}

export interface ZoneAreaWrite {
  slug: string;
  feeKes: number | null;
  surchargeKes: number;
  etaHoursMin: number | null;
  etaHoursMax: number | null;
}

/** Lowercase words of letters and digits, single-spaced: the same on both sides of a match. */
const NORMALIZED = (column: string) => sql.raw(`btrim(regexp_replace(lower(${column}), '[^a-z0-9]+', ' ', 'g'))`);

/** Similarity (0..1) below which a trigram-only match is not shown. */
const MIN_SIMILARITY = 0.4;

/**
 * Delivery SQL. Tenant tables (delivery_*) only inside the caller's tenant transaction, where RLS
 * scopes them; nairobi_areas is platform reference data, read without a tenant.
 */
@Injectable()
export class DeliveryRepository {
  constructor(@Inject(DB) private readonly db: Kysely<Database>) {}

  // --- platform reference data --------------------------------------------------------------

  /**
   * The area picker's ranking over names and aliases (q already normalized): 0 exact slug, name
   * or alias; 1 prefix; 2 prefix of a later word ("rongai" in "Ongata Rongai"); 3 trigram
   * similarity only (typos: "kilimanj", "wesland"). Then by similarity, then name.
   */
  async searchAreas(q: string, limit: number): Promise<{ slug: string; matched_alias: string | null }[]> {
    const slugForm = q.replace(/ /g, '-');
    const result = await sql<{ slug: string; matched_alias: string | null }>`
      SELECT slug, matched_alias FROM (
        SELECT a.slug, a.name,
               CASE WHEN a.slug = ${slugForm} OR n.n = ${q} OR m.exact THEN 0
                    WHEN n.n LIKE ${q} || '%' OR a.slug LIKE ${slugForm} || '%' OR m.prefix THEN 1
                    WHEN ' ' || n.n LIKE '% ' || ${q} || '%' OR m.word_prefix THEN 2
                    ELSE 3 END AS rank,
               greatest(n.score, coalesce(m.score, 0)) AS score,
               CASE WHEN m.alias IS NOT NULL AND n.n <> ${q}
                         AND (m.exact OR (m.prefix AND NOT n.n LIKE ${q} || '%') OR m.score > n.score) THEN m.alias END AS matched_alias
          FROM nairobi_areas a
          CROSS JOIN LATERAL (SELECT ${NORMALIZED('a.name')} AS n) n0
          CROSS JOIN LATERAL (SELECT n0.n, greatest(similarity(${q}, n0.n), word_similarity(${q}, n0.n)) AS score) n
          LEFT JOIN LATERAL (
                SELECT al AS alias, x.na = ${q} AS exact, x.na LIKE ${q} || '%' AS prefix,
                       ' ' || x.na LIKE '% ' || ${q} || '%' AS word_prefix,
                       greatest(similarity(${q}, x.na), word_similarity(${q}, x.na)) AS score
                  FROM unnest(a.aliases) al
                  CROSS JOIN LATERAL (SELECT ${NORMALIZED('al')} AS na) x
                 ORDER BY 2 DESC, 3 DESC, 4 DESC, 5 DESC
                 LIMIT 1) m ON true
      ) ranked
      WHERE rank < 3 OR score >= ${MIN_SIMILARITY}
      ORDER BY rank, score DESC, name
      LIMIT ${limit}`.execute(this.db);
    return result.rows;
  }

  /** Every area with coordinates (for the default zones). */
  async areaPoints(): Promise<{ slug: string; lat: string; lng: string }[]> {
    return this.db.selectFrom('nairobi_areas').select(['slug', 'lat', 'lng']).orderBy('slug').execute();
  }

  async knownAreas(slugs: string[]): Promise<Set<string>> {
    if (slugs.length === 0) return new Set();
    const rows = await this.db.selectFrom('nairobi_areas').select('slug').where('slug', 'in', slugs).execute();
    return new Set(rows.map((r) => r.slug));
  }

  // --- the store's table (tenant transaction) ------------------------------------------------

  /** Every Nairobi area with this store's zone and effective fee/ETA there (or nulls). */
  async areaOffers(trx: TenantTransaction, tenantId: string): Promise<AreaOfferRow[]> {
    return (
      trx
        .selectFrom('nairobi_areas as a')
        // The tenant condition is RLS's too; naming it keeps one row per area even for a role
        // that bypasses RLS, and lets the join use the (tenant_id, area_slug) key.
        .leftJoin('delivery_zone_areas as za', (join) =>
          join.onRef('za.area_slug', '=', 'a.slug').on('za.tenant_id', '=', tenantId),
        )
        .leftJoin('delivery_zones as z', (join) =>
          join.onRef('z.tenant_id', '=', 'za.tenant_id').onRef('z.id', '=', 'za.zone_id'),
        )
        .select([
          'a.slug',
          'a.name',
          'a.sub_county',
          'z.slug as zone_slug',
          'z.name as zone_name',
          sql<number | null>`coalesce(za.fee_kes, z.fee_kes) + za.surcharge_kes`.as('fee_kes'),
          sql<number | null>`coalesce(za.eta_hours_min, z.eta_hours_min)`.as('eta_hours_min'),
          sql<number | null>`coalesce(za.eta_hours_max, z.eta_hours_max)`.as('eta_hours_max'),
        ])
        .orderBy('a.name')
        .execute()
    );
  }

  async rules(trx: TenantTransaction) {
    return trx.selectFrom('delivery_settings').select(['free_delivery_from_kes', 'pickup_fee_kes']).executeTakeFirst();
  }

  /** A new store's settings row: no free delivery, no pickup (zones come from the wizard's delivery step). */
  async insertSettings(trx: TenantTransaction, tenantId: string): Promise<void> {
    await trx.insertInto('delivery_settings').values({ tenant_id: tenantId }).execute();
  }

  /**
   * Serializes this store's delivery writes: every change first locks the store's settings row
   * (created empty if the store has none: no free delivery, no pickup).
   */
  async lockSettings(trx: TenantTransaction, tenantId: string) {
    await trx
      .insertInto('delivery_settings')
      .values({ tenant_id: tenantId })
      .onConflict((oc) => oc.column('tenant_id').doNothing())
      .execute();
    return trx
      .selectFrom('delivery_settings')
      .select(['free_delivery_from_kes', 'pickup_fee_kes'])
      .forUpdate()
      .executeTakeFirstOrThrow();
  }

  async updateRules(
    trx: TenantTransaction,
    tenantId: string,
    freeDeliveryFromKes: number | null,
    pickupFeeKes: number | null,
  ): Promise<void> {
    await trx
      .updateTable('delivery_settings')
      .set({ free_delivery_from_kes: freeDeliveryFromKes, pickup_fee_kes: pickupFeeKes })
      .where('tenant_id', '=', tenantId)
      .execute();
  }

  async zones(trx: TenantTransaction) {
    return trx
      .selectFrom('delivery_zones')
      .select(['id', 'slug', 'name', 'fee_kes', 'eta_hours_min', 'eta_hours_max', 'position'])
      .orderBy('position')
      .orderBy('slug')
      .execute();
  }

  async zoneBySlug(trx: TenantTransaction, slug: string) {
    return trx
      .selectFrom('delivery_zones')
      .select(['id', 'slug', 'name', 'fee_kes', 'eta_hours_min', 'eta_hours_max', 'position'])
      .where('slug', '=', slug)
      .executeTakeFirst();
  }

  /** Areas of the given zones (all zones when omitted), with the area's name. */
  async zoneAreas(trx: TenantTransaction, zoneIds?: string[]): Promise<ZoneAreaRow[]> {
    if (zoneIds && zoneIds.length === 0) return [];
    let query = trx
      .selectFrom('delivery_zone_areas as za')
      .innerJoin('nairobi_areas as a', 'a.slug', 'za.area_slug')
      .select([
        'za.zone_id',
        'za.area_slug',
        'a.name',
        'a.sub_county',
        'za.fee_kes',
        'za.surcharge_kes',
        'za.eta_hours_min',
        'za.eta_hours_max',
      ])
      .orderBy('a.name');
    if (zoneIds) query = query.where('za.zone_id', 'in', zoneIds);
    return query.execute();
  }

  /** Nairobi areas in none of this store's zones. */
  async unassignedAreas(trx: TenantTransaction, tenantId: string) {
    return trx
      .selectFrom('nairobi_areas as a')
      .select(['a.slug', 'a.name', 'a.sub_county'])
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('delivery_zone_areas as za')
              .select('za.area_slug')
              .whereRef('za.area_slug', '=', 'a.slug')
              .where('za.tenant_id', '=', tenantId),
          ),
        ),
      )
      .orderBy('a.name')
      .execute();
  }

  /** Which zone (slug) each of these areas is in now, if any. */
  async currentZonesOf(trx: TenantTransaction, areaSlugs: string[]): Promise<Map<string, string>> {
    if (areaSlugs.length === 0) return new Map();
    const rows = await trx
      .selectFrom('delivery_zone_areas as za')
      .innerJoin('delivery_zones as z', (join) =>
        join.onRef('z.tenant_id', '=', 'za.tenant_id').onRef('z.id', '=', 'za.zone_id'),
      )
      .select(['za.area_slug', 'z.slug'])
      .where('za.area_slug', 'in', areaSlugs)
      .execute();
    return new Map(rows.map((r) => [r.area_slug, r.slug]));
  }

  async nextPosition(trx: TenantTransaction): Promise<number> {
    const row = await trx
      .selectFrom('delivery_zones')
      .select(sql<number>`coalesce(max(position) + 1, 0)::int`.as('next'))
      .executeTakeFirstOrThrow();
    return row.next;
  }

  async upsertZone(
    trx: TenantTransaction,
    row: {
      tenant_id: string;
      slug: string;
      name: string;
      fee_kes: number;
      eta_hours_min: number;
      eta_hours_max: number;
      position: number;
    },
  ): Promise<string> {
    const { id } = await trx
      .insertInto('delivery_zones')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'slug'])
          .doUpdateSet(fromExcluded(['name', 'fee_kes', 'eta_hours_min', 'eta_hours_max', 'position'])),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  /** The zone's areas become exactly `areas`: listed ones move in (from any zone), others leave. */
  async setZoneAreas(trx: TenantTransaction, tenantId: string, zoneId: string, areas: ZoneAreaWrite[]): Promise<void> {
    let remove = trx.deleteFrom('delivery_zone_areas').where('zone_id', '=', zoneId);
    if (areas.length)
      remove = remove.where(
        'area_slug',
        'not in',
        areas.map((a) => a.slug),
      );
    await remove.execute();
    if (areas.length === 0) return;
    await trx
      .insertInto('delivery_zone_areas')
      .values(
        areas.map((a) => ({
          tenant_id: tenantId,
          area_slug: a.slug,
          zone_id: zoneId,
          fee_kes: a.feeKes,
          surcharge_kes: a.surchargeKes,
          eta_hours_min: a.etaHoursMin,
          eta_hours_max: a.etaHoursMax,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'area_slug'])
          .doUpdateSet(fromExcluded(['zone_id', 'fee_kes', 'surcharge_kes', 'eta_hours_min', 'eta_hours_max'])),
      )
      .execute();
  }

  async deleteZone(trx: TenantTransaction, zoneId: string): Promise<void> {
    await trx.deleteFrom('delivery_zones').where('id', '=', zoneId).execute();
  }

  async deleteAllZones(trx: TenantTransaction, tenantId: string): Promise<void> {
    await trx.deleteFrom('delivery_zones').where('tenant_id', '=', tenantId).execute();
  }
}
