import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { Metrics } from '../../platform/metrics';

/** Owner alerts in /metrics: deliveries by kind, channel and outcome (sent, skipped, held, retry, failed). Counted by the worker. */
@Injectable()
export class AlertMetrics {
  readonly sends: Counter<'kind' | 'channel' | 'outcome'>;

  constructor(metrics: Metrics) {
    this.sends = new Counter({
      name: 'sokoni_owner_alerts_total',
      help: 'Owner alert deliveries by kind, channel and outcome (sent, skipped, held, retry, failed)',
      labelNames: ['kind', 'channel', 'outcome'],
      registers: [metrics.registry],
    });
  }
}
