import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DbConnectionsRepository, type ConnectionHeadroom } from './db-connections.repository';
import { Metrics } from './metrics';

/**
 * Postgres connection head-room, read at scrape time (pg_stat_activity rows are visible to the
 * app role; another role's backend type may read NULL, so those count as clients too).
 * The alert SokoniDbConnectionsNearLimit compares the two.
 */
@Injectable()
export class DbMetrics {
  constructor(metrics: Metrics, connections: DbConnectionsRepository) {
    if (metrics.process !== 'api') return; // one scrape-time reading is enough (the API's)
    let reading: Promise<ConnectionHeadroom> | null = null;
    const read = () => {
      reading ??= connections.headroom().finally(() =>
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
