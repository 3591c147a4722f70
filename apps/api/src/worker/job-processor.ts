import type { Job } from 'bullmq';
import type { JobEnvelope, QueueName } from '../queues/queues';

/** A processor handles the jobs of one queue; the worker runs it inside the job's context. */
export interface JobProcessor {
  readonly queue: QueueName;
  process(job: Job<JobEnvelope>): Promise<unknown>;
}

export const JOB_PROCESSORS = Symbol('JOB_PROCESSORS');
