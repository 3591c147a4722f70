import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { Metrics } from '../../platform/metrics';

/** The owner metrics snapshot (migration 0050), in the API's /metrics (counted after commit). */
@Injectable()
export class MetricSnapshotMetrics {
  /** result: hit (answered from the stored snapshot), miss (computed from the daily tables, then stored). */
  readonly reads: Counter<'result'>;

  constructor(metrics: Metrics) {
    this.reads = new Counter({
      name: 'sokoni_insight_metric_snapshot_reads_total',
      help: 'Owner insight metrics reads by result: hit (stored snapshot of the current generation) or miss (computed, then stored)',
      labelNames: ['result'],
      registers: [metrics.registry],
    });
  }
}
