import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { Metrics } from '../../platform/metrics';

/** What the storefront read cache does (docs/operate/caching.md), in the API's /metrics. */
@Injectable()
export class CatalogCacheMetrics {
  /** Answers served from Redis, by read (product_list, product_detail, search, categories). */
  readonly hits: Counter<'read'>;
  /** Answers built from Postgres (then kept), by read; `error` = Redis did not answer, Postgres served it. */
  readonly misses: Counter<'read' | 'reason'>;
  /** Store versions bumped (`change`: a catalog_changed notification) or all stores retired at once (`listener_reconnect`). */
  readonly invalidations: Counter<'reason'>;
  /** 1 while the LISTEN connection is up; 0 = changes are not seen and only the TTL bounds staleness. */
  readonly listenerUp: Gauge<never>;

  constructor(metrics: Metrics) {
    const registers = [metrics.registry];
    this.hits = new Counter({
      name: 'sokoni_catalog_cache_hits_total',
      help: 'Storefront reads answered from the Redis catalog cache, by read',
      labelNames: ['read'],
      registers,
    });
    this.misses = new Counter({
      name: 'sokoni_catalog_cache_misses_total',
      help: 'Storefront reads answered from Postgres, by read and reason (absent, stale, unversioned, error)',
      labelNames: ['read', 'reason'],
      registers,
    });
    this.invalidations = new Counter({
      name: 'sokoni_catalog_cache_invalidations_total',
      help: 'Catalog cache invalidations: a store changed (change) or every store after the listener reconnected (listener_reconnect)',
      labelNames: ['reason'],
      registers,
    });
    this.listenerUp = new Gauge({
      name: 'sokoni_catalog_change_listener_up',
      help: '1 while the API listens for catalog_changed notifications on its direct Postgres connection',
      registers,
    });
  }
}
