import { Queue, type ConnectionOptions, type DefaultJobOptions, type JobsOptions } from 'bullmq';
import { requestContext } from '../platform/request-context';

/**
 * One queue per concern so a flood in one (say, analytics) never delays another (payments).
 * Later issues add processors; the queues exist from the start so their depth is monitored.
 */
export const QUEUE_NAMES = ['payments', 'notifications', 'analytics', 'seo', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Every job payload carries its tenant (DESIGN.md section 3) and the correlation id that caused it. */
export interface JobEnvelope<T = unknown> {
  tenantId: string | null;
  correlationId: string;
  data: T;
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

export function createQueues(connection: ConnectionOptions, redisKeyPrefix: string, failedRetentionDays: number): Map<QueueName, Queue> {
  return new Map(QUEUE_NAMES.map((name) => [name, new Queue(name, {
    connection,
    prefix: bullPrefix(redisKeyPrefix),
    defaultJobOptions: defaultJobOptions(failedRetentionDays),
  })]));
}

/** Adds a job with the current request's correlation id and the given tenant in its envelope. */
export async function enqueue<T>(
  queue: Queue,
  jobName: string,
  tenantId: string | null,
  data: T,
  options?: JobsOptions,
): Promise<string> {
  const envelope: JobEnvelope<T> = {
    tenantId,
    correlationId: requestContext.correlationId() ?? 'no-request',
    data,
  };
  const job = await queue.add(jobName, envelope, options);
  return job.id!;
}
