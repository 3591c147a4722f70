import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { Metrics } from '../../platform/metrics';

export const ETIMS_OUTCOMES = ['sent', 'accepted', 'accepted_unsigned', 'rejected', 'retried'] as const;
export type EtimsOutcome = (typeof ETIMS_OUTCOMES)[number];

/**
 * sokoni_etims_documents_total{kind,outcome}: every send of a sale or credit note to eTIMS
 * (sent), and how it ended: accepted, accepted_unsigned (KRA already had it: 994 or "expected
 * N+1"), rejected (a definite refusal, shown to the owner) or retried (KRA unreachable, 894/999,
 * 5xx: the job sends the same invoice again with backoff). Counted after commit.
 */
@Injectable()
export class EtimsMetrics {
  readonly documents: Counter<'kind' | 'outcome'>;
  readonly calls: Counter<'path' | 'answer'>;

  constructor(metrics: Metrics) {
    const registers = [metrics.registry];
    this.documents = new Counter({
      name: 'sokoni_etims_documents_total',
      help: 'eTIMS sales invoices and credit notes by kind (sale, credit_note) and outcome (sent, accepted, accepted_unsigned, rejected, retried)',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.calls = new Counter({
      name: 'sokoni_etims_calls_total',
      help: 'Calls to KRA eTIMS by path (init, saveItem, stockIO, sale...) and answer (ok, rejected, unavailable)',
      labelNames: ['path', 'answer'],
      registers,
    });
    for (const kind of ['sale', 'credit_note'])
      for (const outcome of ETIMS_OUTCOMES) this.documents.inc({ kind, outcome }, 0);
  }

  count(kind: 'sale' | 'credit_note', outcome: EtimsOutcome): void {
    this.documents.inc({ kind, outcome });
  }
}
