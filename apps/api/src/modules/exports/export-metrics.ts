import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { Metrics } from '../../platform/metrics';

/**
 * Exports in /metrics: files by kind, mode (direct = streamed to the owner by the API, job =
 * written by the worker) and outcome, and the rows they carried. Counted after the last byte.
 */
@Injectable()
export class ExportMetrics {
  readonly exports: Counter<'kind' | 'mode' | 'outcome'>;
  readonly rows: Counter<'kind' | 'mode'>;

  constructor(metrics: Metrics) {
    const registers = [metrics.registry];
    this.exports = new Counter({
      name: 'sokoni_exports_total',
      help: 'CSV exports by kind, mode (direct, job) and outcome (done, failed, cancelled)',
      labelNames: ['kind', 'mode', 'outcome'],
      registers,
    });
    this.rows = new Counter({
      name: 'sokoni_export_rows_total',
      help: 'Rows written to CSV exports by kind and mode (direct, job)',
      labelNames: ['kind', 'mode'],
      registers,
    });
  }
}
