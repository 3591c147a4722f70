import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import type { QueueName } from '../queues/queues';
import { Metrics } from './metrics';
import { QUEUES } from './tokens';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized', 'waiting-children'] as const;

/** Queue depth per state and the oldest waiting job's age, read from Redis when /metrics is scraped. */
@Injectable()
export class QueueMetrics {
  constructor(metrics: Metrics, @Inject(QUEUES) queues: Map<QueueName, Queue>) {
    if (metrics.process !== 'api') return;
    new Gauge({
      name: 'bullmq_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [metrics.registry],
      async collect() {
        await Promise.all(
          [...queues.entries()].map(async ([name, queue]) => {
            const counts = await queue.getJobCounts(...STATES);
            for (const state of STATES) this.set({ queue: name, state }, counts[state] ?? 0);
          }),
        );
      },
    });
    new Gauge({
      name: 'bullmq_queue_oldest_waiting_seconds',
      help: 'Age of the oldest job waiting to run per queue (0 when none): how late the queue is',
      labelNames: ['queue'] as const,
      registers: [metrics.registry],
      async collect() {
        const now = Date.now();
        await Promise.all(
          [...queues.entries()].map(async ([name, queue]) => {
            // Oldest first; a delayed job counts from when it became due, not when it was added.
            const [oldest] = await queue.getJobs(['waiting', 'prioritized'], 0, 0, true);
            const due = oldest ? oldest.timestamp + (oldest.opts.delay ?? 0) : now;
            this.set({ queue: name }, Math.max(0, (now - due) / 1000));
          }),
        );
      },
    });
  }
}
