import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { Metrics } from '../../platform/metrics';

/** Custom domains in /metrics: DNS checks by outcome (API on demand, worker on schedule), TLS asks by answer. */
@Injectable()
export class DomainMetrics {
  readonly checks: Counter<'outcome'>;
  readonly tlsAsks: Counter<'answer'>;

  constructor(metrics: Metrics) {
    const registers = [metrics.registry];
    this.checks = new Counter({
      name: 'sokoni_domain_checks_total',
      help: 'Custom domain DNS checks by outcome (ok, waiting, failed, unreachable)',
      labelNames: ['outcome'],
      registers,
    });
    this.tlsAsks = new Counter({
      name: 'sokoni_tls_asks_total',
      help: 'Caddy on-demand TLS asks by answer (allowed, denied, rate_limited)',
      labelNames: ['answer'],
      registers,
    });
  }
}
