import { Inject, Injectable } from '@nestjs/common';
import { sql, type Database, type Kysely } from '@sokoni/db';
import { Gauge } from 'prom-client';
import { Metrics } from './metrics';
import { DB } from './tokens';

/**
 * Postgres connection head-room, read at scrape time (pg_stat_activity rows are visible to the
 * app role; another role's backend type may read NULL, so those count as clients too).
 * The alert SokoniDbConnectionsNearLimit compares the two.
 */
@Injectable()
export class DbMetrics {
  constructor(metrics: Metrics, @Inject(DB) db: Kysely<Database>) {
    if (metrics.process !== 'api') return; // one scrape-time reading is enough (the API's)
    let reading: Promise<{ used: number; max: number; reserved: number }> | null = null;
    const read = () => {
      reading ??= sql<{ used: string; max: string; reserved: string }>`
        SELECT count(*) FILTER (WHERE backend_type IS NULL OR backend_type = 'client backend') AS used,
               current_setting('max_connections') AS max,
               current_setting('superuser_reserved_connections') AS reserved
          FROM pg_stat_activity`
        .execute(db)
        .then(({ rows }) => ({
          used: Number(rows[0]!.used),
          max: Number(rows[0]!.max),
          reserved: Number(rows[0]!.reserved),
        }))
        .finally(() =>
          setTimeout(() => {
            reading = null;
          }, 1000),
        );
      return reading;
    };
    new Gauge({
      name: 'sokoni_pg_connections',
      help: 'Client connections open on the Postgres server (all databases and roles)',
      registers: [metrics.registry],
      async collect() {
        this.set((await read()).used);
      },
    });
    new Gauge({
      name: 'sokoni_pg_max_connections',
      help: 'Connections ordinary roles may open: max_connections - superuser_reserved_connections',
      registers: [metrics.registry],
      async collect() {
        const { max, reserved } = await read();
        this.set(max - reserved);
      },
    });
  }
}
