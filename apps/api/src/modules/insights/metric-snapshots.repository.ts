import { Injectable } from '@nestjs/common';
import { preparedPlan, sql, type TenantTransaction } from '@sokoni/db';
import type { Period } from './dates';

/** A snapshot usable now, with the names it refers to as they are now. */
export interface SnapshotHit<T> {
  data: T;
  topProductIds: string[];
  /** product id -> current title (absent: the product is gone). */
  titles: Record<string, string>;
  /** area slug -> current name (absent: not a known area). */
  areaNames: Record<string, string>;
}

/**
 * The owner metrics answer kept per store, period and window end (migration 0050). A snapshot
 * is valid while its generation is the store's current one, which the daily tables' triggers
 * bump in the transaction of every write to them.
 */
@Injectable()
export class MetricSnapshotsRepository {
  /**
   * One statement: the store's current generation, and the snapshot of this window if it was
   * computed at that generation, with the current titles of its top products and names of its
   * areas (so a rename shows at once without touching the snapshot). `generation` is what a
   * miss must record: it is read before any daily row the miss then reads.
   */
  async read<T>(
    trx: TenantTransaction,
    tenantId: string,
    period: Period,
    windowTo: string,
  ): Promise<{ generation: string; hit: SnapshotHit<T> | null }> {
    const result = await sql<{
      generation: string;
      data: T | null;
      top_product_ids: string[] | null;
      titles: Record<string, string> | null;
      area_names: Record<string, string> | null;
    }>`${preparedPlan}
      SELECT coalesce(g.generation, 0)::text AS generation, s.data, s.top_product_ids,
             (SELECT jsonb_object_agg(p.id, p.title) FROM products p
               WHERE p.tenant_id = ${tenantId}::uuid AND p.id = ANY (s.top_product_ids)) AS titles,
             (SELECT jsonb_object_agg(a.slug, a.name) FROM nairobi_areas a WHERE a.slug = ANY (s.area_slugs)) AS area_names
        FROM (SELECT 1) AS one
        LEFT JOIN insight_metric_generations g ON g.tenant_id = ${tenantId}::uuid
        LEFT JOIN insight_metric_snapshots s
          ON s.tenant_id = ${tenantId}::uuid AND s.period = ${period} AND s.window_to = ${windowTo}::date
         AND s.generation = coalesce(g.generation, 0)`.execute(trx);
    const row = result.rows[0]!;
    if (row.data === null) return { generation: row.generation, hit: null };
    return {
      generation: row.generation,
      hit: {
        data: row.data,
        topProductIds: row.top_product_ids ?? [],
        titles: row.titles ?? {},
        areaNames: row.area_names ?? {},
      },
    };
  }

  /**
   * Keeps a freshly computed answer under the generation read before computing it, and drops
   * this period's older windows. Concurrent first readers meet in ON CONFLICT (never an error);
   * a snapshot is replaced only by one of a newer generation, so a slow reader that computed
   * from older data never overwrites a newer answer.
   */
  async save(
    trx: TenantTransaction,
    tenantId: string,
    snapshot: {
      period: Period;
      windowTo: string;
      generation: string;
      data: unknown;
      topProductIds: string[];
      areaSlugs: string[];
    },
  ): Promise<void> {
    const { period, windowTo, generation, data, topProductIds, areaSlugs } = snapshot;
    await sql`
      WITH older AS (
        DELETE FROM insight_metric_snapshots
         WHERE tenant_id = ${tenantId}::uuid AND period = ${period} AND window_to < ${windowTo}::date)
      INSERT INTO insight_metric_snapshots AS s (tenant_id, period, window_to, generation, data, top_product_ids, area_slugs)
      VALUES (${tenantId}::uuid, ${period}, ${windowTo}::date, ${generation}::bigint, ${JSON.stringify(data)}::json,
              ${topProductIds}::uuid[], ${areaSlugs}::text[])
      ON CONFLICT (tenant_id, period, window_to) DO UPDATE
         SET generation = excluded.generation, data = excluded.data, top_product_ids = excluded.top_product_ids,
             area_slugs = excluded.area_slugs, computed_at = now()
       WHERE s.generation < excluded.generation`.execute(trx);
  }
}
