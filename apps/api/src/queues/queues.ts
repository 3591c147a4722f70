import { Queue, type ConnectionOptions, type DefaultJobOptions, type JobsOptions } from 'bullmq';
import { requestContext } from '../platform/request-context';
import { withProducerSpan, type TraceCarrier } from '../platform/trace-context';
import { JOBS, jobPriority, type JobName, type JobPayload } from './jobs';

/**
 * One queue per concern so a flood in one (say, analytics) never delays another (payments).
 * Later issues add processors; the queues exist from the start so their depth is monitored.
 */
export const QUEUE_NAMES = ['payments', 'notifications', 'analytics', 'seo', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/**
 * Every job payload carries its tenant (DESIGN.md section 3) and the correlation id that caused
 * it, and, when tracing is on, the W3C trace context (`{ traceparent }`) of the code that queued
 * it: the job's span continues that trace (platform/trace-context.ts).
 */
export interface JobEnvelope<T = unknown> {
  tenantId: string | null;
  correlationId: string;
  data: T;
  trace?: TraceCarrier;
}

export function defaultJobOptions(failedRetentionDays: number): DefaultJobOptions {
  return {
    attempts: 5,
    backoff: { type: 'exponential', delay: 2_000 },
    removeOnComplete: { age: 24 * 3600, count: 5_000 },
    // Failed jobs are kept for inspection and replay; the age bounds Redis memory.
    removeOnFail: { age: failedRetentionDays * 24 * 3600 },
  };
}

export function bullPrefix(redisKeyPrefix: string): string {
  return `${redisKeyPrefix}bull`;
}

export function createQueues(
  connection: ConnectionOptions,
  redisKeyPrefix: string,
  failedRetentionDays: number,
): Map<QueueName, Queue> {
  return new Map(
    QUEUE_NAMES.map((name) => [
      name,
      new Queue(name, {
        connection,
        prefix: bullPrefix(redisKeyPrefix),
        defaultJobOptions: defaultJobOptions(failedRetentionDays),
      }),
    ]),
  );
}

/**
 * Adds a job with the current request's correlation id and the given tenant in its envelope.
 * The name must be in the job registry (queues/jobs.ts), the queue must be the one the registry
 * names, and the payload must match the registry's schema: a mistake fails here, at the caller,
 * not later in the worker. The registry's priority applies unless `options` names another.
 */
export async function enqueue<N extends JobName>(
  queue: Queue,
  jobName: N,
  tenantId: string | null,
  data: JobPayload<N>,
  options?: JobsOptions,
): Promise<string> {
  const definition = Object.hasOwn(JOBS, jobName) ? JOBS[jobName] : undefined;
  if (!definition) throw new Error(`unknown job "${String(jobName)}": add it to the job registry (queues/jobs.ts)`);
  if (queue.name !== definition.queue)
    throw new Error(`job ${jobName} belongs on queue ${definition.queue}, not ${queue.name}`);
  const parsed = definition.payload.safeParse(data);
  if (!parsed.success) throw new Error(`job ${jobName}: payload does not match its schema: ${parsed.error.message}`);
  return withProducerSpan(queue.name, jobName, async (trace) => {
    const envelope: JobEnvelope<JobPayload<N>> = {
      tenantId,
      correlationId: requestContext.correlationId() ?? 'no-request',
      data,
      ...(trace ? { trace } : {}),
    };
    // The registry's priority (jobs.ts AFTER_SETTLEMENT) unless the caller names one.
    const priority = jobPriority(jobName);
    const job = await queue.add(jobName, envelope, priority ? { priority, ...options } : options);
    return job.id!;
  });
}
