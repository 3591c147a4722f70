import type { Job } from 'bullmq';
import type { RequestContext } from '../platform/request-context';
import type { JobName } from '../queues/jobs';
import type { JobEnvelope, QueueName } from '../queues/queues';

/** A repeating job: every N ms (first run at worker start) or a cron pattern in a time zone. */
export type JobSchedule = { id: string; jobName: JobName } & ({ everyMs: number } | { pattern: string; tz: string });

/** A processor handles the jobs of one queue; the worker runs it inside the job's context. */
export interface JobProcessor {
  readonly queue: QueueName;
  /**
   * The job names it handles, when several processors share a queue (orders and payments share
   * "payments"); omit when it is the queue's only processor.
   */
  readonly jobNames?: readonly JobName[];
  /** Repeating jobs this processor needs (upserted at worker start, so they exist once). */
  readonly schedules?: readonly JobSchedule[];
  /** ctx is RequestContext.forJob(job): the envelope's correlation id and tenant, a system actor. */
  process(ctx: RequestContext, job: Job<JobEnvelope>): Promise<unknown>;
}

export const JOB_PROCESSORS = Symbol('JOB_PROCESSORS');
