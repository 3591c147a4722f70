import { Injectable } from '@nestjs/common';
import { DbConnectionsRepository } from './db-connections.repository';
import { Metrics, scrapeGauges } from './metrics';

/**
 * Postgres connection head-room, read at scrape time (pg_stat_activity rows are visible to the
 * app role; another role's backend type may read NULL, so those count as clients too).
 * The alert SokoniDbConnectionsNearLimit compares the two.
 */
@Injectable()
export class DbMetrics {
  constructor(metrics: Metrics, connections: DbConnectionsRepository) {
    if (metrics.process !== 'api') return; // one scrape-time reading is enough (the API's)
    scrapeGauges(metrics.registry, () => connections.headroom(), {
      sokoni_pg_connections: {
        help: 'Client connections open on the Postgres server (all databases and roles)',
        value: (h) => h.used,
      },
      sokoni_pg_max_connections: {
        help: 'Connections ordinary roles may open: max_connections - superuser_reserved_connections',
        value: (h) => h.max - h.reserved,
      },
    });
  }
}
