import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { Metrics } from '../../platform/metrics';

/** Reviews written and moderated, in the API's /metrics (counted after commit). */
@Injectable()
export class ReviewMetrics {
  /** action: submitted, refused (4xx to a shopper), replied, reply_edited, hidden, unhidden. */
  readonly actions: Counter<'action'>;

  constructor(metrics: Metrics) {
    this.actions = new Counter({
      name: 'sokoni_reviews_total',
      help: 'Product reviews by action: submitted, refused, replied, reply_edited, hidden, unhidden',
      labelNames: ['action'],
      registers: [metrics.registry],
    });
  }
}
