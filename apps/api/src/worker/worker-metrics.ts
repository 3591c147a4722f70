import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { Metrics } from '../platform/metrics';

/**
 * What the worker counts about itself, in its own registry (served on WORKER_METRICS_PORT by
 * worker-metrics-server.ts): job durations by queue, name and outcome, and the heartbeat.
 */
@Injectable()
export class WorkerMetrics {
  readonly jobDuration: Histogram<'queue' | 'name' | 'outcome'>;
  /** Unix time (s) of the last heartbeat job this worker ran: it proves the queues are drained. */
  readonly heartbeat: Gauge<never>;
  /** Times a follow-up queue's worker stopped fetching to let settlement run first (follow-up-yield.ts). */
  readonly followUpYields: Counter<'queue'>;
  /** Follow-up jobs on the payments queue put back for a few seconds during a settlement rush. */
  readonly followUpDeferrals: Counter<'name'>;

  constructor(metrics: Metrics) {
    const registers = [metrics.registry];
    this.jobDuration = new Histogram({
      name: 'sokoni_job_duration_seconds',
      help: 'BullMQ job run time in the worker, by queue, job name and outcome (completed, failed)',
      labelNames: ['queue', 'name', 'outcome'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.heartbeat = new Gauge({
      name: 'sokoni_worker_heartbeat_timestamp_seconds',
      help: 'Unix time of the last heartbeat job this worker ran (every 30 s while queues drain)',
      registers,
    });
    this.followUpYields = new Counter({
      name: 'sokoni_worker_follow_up_yields_total',
      help: 'Times a follow-up queue (notifications) paused fetching while payment settlement jobs ran, by queue',
      labelNames: ['queue'],
      registers,
    });
    this.followUpDeferrals = new Counter({
      name: 'sokoni_worker_follow_up_deferrals_total',
      help: 'Follow-up jobs on the payments queue (eTIMS, receipt lookups, ...) put back for a few seconds while a settlement rush runs, by job name',
      labelNames: ['name'],
      registers,
    });
  }
}
