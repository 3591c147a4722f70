import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { Metrics } from '../../platform/metrics';

/** Back-in-stock requests and their messages, in the process's /metrics (counted after commit). */
@Injectable()
export class BackInStockMetrics {
  /**
   * event: signed_up, refused (4xx to a shopper), sent_whatsapp, sent_sms, skipped (STOP,
   * sold out again), failed (no channel reached them).
   */
  readonly events: Counter<'event'>;

  constructor(metrics: Metrics) {
    this.events = new Counter({
      name: 'sokoni_back_in_stock_total',
      help: 'Back-in-stock requests and messages by event: signed_up, refused, sent_whatsapp, sent_sms, skipped, failed',
      labelNames: ['event'],
      registers: [metrics.registry],
    });
  }
}
