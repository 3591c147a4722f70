import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { Metrics } from '../../../platform/metrics';

/**
 * The orders retention job in the worker's /metrics: runs by outcome, archive objects written
 * and recorded, orders deleted after their object verified. Counted after the delete commits.
 */
@Injectable()
export class OrderArchiveMetrics {
  readonly runs: Counter<'outcome'>;
  readonly archives: Counter<never>;
  readonly orders: Counter<never>;
  readonly bytes: Counter<never>;

  constructor(metrics: Metrics) {
    const registers = [metrics.registry];
    this.runs = new Counter({
      name: 'sokoni_order_archive_runs_total',
      help: 'Runs of the orders retention job (orders.archive) by outcome (completed, failed: a store could not be archived)',
      labelNames: ['outcome'],
      registers,
    });
    this.archives = new Counter({
      name: 'sokoni_order_archives_total',
      help: 'Order archive objects written, verified and recorded in order_archives',
      registers,
    });
    this.orders = new Counter({
      name: 'sokoni_orders_archived_total',
      help: 'Orders deleted from the database after their archive object was verified',
      registers,
    });
    this.bytes = new Counter({
      name: 'sokoni_order_archive_bytes_total',
      help: 'Bytes of gzip JSON Lines written to recorded order archive objects',
      registers,
    });
  }
}
