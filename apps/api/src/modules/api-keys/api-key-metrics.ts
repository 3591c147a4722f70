import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { Metrics } from '../../platform/metrics';

/** Owner API keys in /metrics: authentications by outcome, and keys created / revoked. */
@Injectable()
export class ApiKeyMetrics {
  readonly auth: Counter<'outcome'>;
  readonly changes: Counter<'change'>;

  constructor(metrics: Metrics) {
    const registers = [metrics.registry];
    this.auth = new Counter({
      name: 'sokoni_api_key_auth_total',
      help: 'Owner API key authentications by outcome (ok, invalid, expired, revoked, creator_inactive, rate_limited)',
      labelNames: ['outcome'],
      registers,
    });
    this.changes = new Counter({
      name: 'sokoni_api_key_changes_total',
      help: 'Owner API keys created and revoked',
      labelNames: ['change'],
      registers,
    });
  }
}
