import type { Job } from 'bullmq';
import type { JobEnvelope, QueueName } from '../queues/queues';

/** A processor handles the jobs of one queue; the worker runs it inside the job's context. */
export interface JobProcessor {
  readonly queue: QueueName;
  /** Repeating jobs this processor needs (upserted at worker start, so they exist once). */
  readonly schedules?: { id: string; everyMs: number; jobName: string }[];
  process(job: Job<JobEnvelope>): Promise<unknown>;
}

export const JOB_PROCESSORS = Symbol('JOB_PROCESSORS');
