import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { DelayedError, WaitingError, Worker, type Job, type Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config';
import { createRedis } from '../platform/redis';
import { RequestContext, requestContext } from '../platform/request-context';
import { withJobSpan } from '../platform/trace-context';
import { CONFIG, LOGGER, QUEUES } from '../platform/tokens';
import { bullPrefix, type JobEnvelope, type QueueName } from '../queues/queues';
import { SETTLEMENT_JOBS, jobPriority } from '../queues/jobs';
import { FollowUpYield } from './follow-up-yield';
import { JOB_PROCESSORS, type JobProcessor } from './job-processor';
import { WorkerMetrics } from './worker-metrics';

/** Queues whose work follows a payment and may wait while settlement runs (issue 17). */
const FOLLOW_UP_QUEUES: ReadonlySet<QueueName> = new Set(['notifications']);

/**
 * Runs one BullMQ Worker per queue that has a processor. Each job runs inside its envelope's
 * correlation id and tenant, so its logs join the request that queued it.
 */
@Injectable()
export class QueueWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly workers: Worker[] = [];
  private scheduleCheck: NodeJS.Timeout | null = null;
  private followUpYield: FollowUpYield | null = null;
  private stopping: Promise<void> | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
    @Inject(JOB_PROCESSORS) private readonly processors: JobProcessor[],
    private readonly metrics: WorkerMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const byQueue = new Map<QueueName, JobProcessor[]>();
    for (const processor of this.processors)
      byQueue.set(processor.queue, [...(byQueue.get(processor.queue) ?? []), processor]);
    for (const [queue, processors] of byQueue) {
      const route = async (job: Job<JobEnvelope>, token?: string) => {
        if (this.stopping) {
          // A fetch already in flight when SIGTERM came can still hand us a job: give it back to
          // the queue untouched (no attempt used) for the next worker, instead of starting it.
          await job.moveToWait(token);
          this.logger.info({ queue, job_id: job.id, job_name: job.name }, 'job handed back: shutting down');
          throw new WaitingError();
        }
        // A follow-up on the payments queue (eTIMS, receipt lookup...) met during a settlement
        // rush waits a few seconds (follow-up-yield.ts).
        if (await this.followUpYield?.putBackDuringRush(job, token)) {
          this.metrics.followUpDeferrals.inc({ name: job.name });
          throw new DelayedError();
        }
        const processor =
          processors.length === 1
            ? processors[0]!
            : processors.find((p) => p.jobNames?.some((name) => name === job.name));
        if (!processor) throw new Error(`${queue}: no handler for job "${job.name}"`);
        return this.run(processor, job);
      };
      const worker = new Worker<JobEnvelope>(queue, route, {
        connection: createRedis(this.config.REDIS_URL, `sokoni-worker-${queue}`, 'worker'),
        prefix: bullPrefix(this.config.REDIS_KEY_PREFIX),
        concurrency: this.config.WORKER_CONCURRENCY,
        autorun: true,
      });
      worker.on('failed', (job, error) => {
        requestContext.run({ correlationId: job?.data.correlationId ?? 'unknown' }, () => {
          this.logger.warn(
            { queue, job_id: job?.id, job_name: job?.name, attempts: job?.attemptsMade, err: error },
            'job failed',
          );
        });
      });
      worker.on('error', (error) => this.logger.error({ queue, err: error }, 'worker error'));
      this.workers.push(worker);
    }
    // Messages (and the status webhooks they bring back) wait while settlement runs (follow-up-yield.ts).
    const followUps = this.workers.filter((w) => FOLLOW_UP_QUEUES.has(w.name as QueueName));
    this.followUpYield = new FollowUpYield(followUps, this.logger, this.metrics.followUpYields);
    this.followUpYield.start();
    await this.ensureSchedules(false);
    // The schedules live in Redis: if Redis loses its data (restart without AOF, FLUSHALL, a
    // failover to an empty replica) the sweepers would stop until a worker restarts. A cheap
    // periodic check re-creates whatever is missing.
    this.scheduleCheck = setInterval(() => {
      this.ensureSchedules(true).then(
        (recreated) => {
          if (recreated.length > 0)
            this.logger.warn({ schedules: recreated }, 'job schedules were missing from Redis: re-created');
        },
        (error: unknown) => this.logger.error({ err: error }, 'job schedule check failed'),
      );
    }, this.config.SCHEDULE_CHECK_MS);
    this.scheduleCheck.unref();
    this.logger.info({ queues: this.processors.map((p) => p.queue) }, 'worker started');
  }

  /** Upserts every processor's schedules (start-up), or only those missing from Redis (the check); returns their ids. */
  private async ensureSchedules(onlyMissing: boolean): Promise<string[]> {
    const upserted: string[] = [];
    for (const processor of this.processors) {
      const queue = this.queues.get(processor.queue)!;
      for (const schedule of processor.schedules ?? []) {
        if (onlyMissing && (await queue.getJobScheduler(schedule.id))) continue;
        const repeat =
          'everyMs' in schedule
            ? { every: schedule.everyMs, immediately: true }
            : { pattern: schedule.pattern, tz: schedule.tz };
        const priority = jobPriority(schedule.jobName);
        await queue.upsertJobScheduler(schedule.id, repeat, {
          name: schedule.jobName,
          ...(priority ? { opts: { priority } } : {}),
          data: { tenantId: null, correlationId: `scheduler:${schedule.id}`, data: {} },
        });
        upserted.push(schedule.id);
      }
    }
    return upserted;
  }

  private run(processor: JobProcessor, job: Job<JobEnvelope>): Promise<unknown> {
    const context = {
      correlationId: job.data?.correlationId ?? `job:${job.id}`,
      tenantId: job.data?.tenantId ?? undefined,
    };
    // The job's span continues the trace of whatever queued it (the envelope's W3C context).
    return requestContext.run(context, () =>
      withJobSpan(
        processor.queue,
        { id: job.id, name: job.name, attemptsMade: job.attemptsMade, correlationId: context.correlationId },
        job.data?.trace,
        () => this.process(processor, job),
      ),
    );
  }

  private async process(processor: JobProcessor, job: Job<JobEnvelope>): Promise<unknown> {
    const started = Date.now();
    this.logger.info(
      { queue: processor.queue, job_id: job.id, job_name: job.name, attempt: job.attemptsMade + 1 },
      'job started',
    );
    if (SETTLEMENT_JOBS.has(job.name)) this.followUpYield?.settlementStarted();
    const timer = this.metrics.jobDuration.startTimer({ queue: processor.queue, name: job.name });
    let result: unknown;
    try {
      result = await processor.process(RequestContext.forJob(job), job);
    } catch (error) {
      timer({ outcome: 'failed' });
      throw error;
    }
    timer({ outcome: 'completed' });
    this.logger.info(
      { queue: processor.queue, job_id: job.id, job_name: job.name, duration_ms: Date.now() - started },
      'job completed',
    );
    return result;
  }

  /** Graceful: stop fetching, let active jobs finish, then disconnect. */
  /**
   * Stops fetching at once (a job queued from now on waits for the next worker, e.g. the other
   * colour's) and resolves when the running jobs have finished. Called first thing on SIGTERM,
   * before Nest's own shutdown hooks, so no job is taken while those run; idempotent.
   */
  stopTakingJobs(): Promise<void> {
    if (this.scheduleCheck) clearInterval(this.scheduleCheck);
    const yielding = this.followUpYield?.stop() ?? Promise.resolve();
    this.stopping ??= yielding
      .then(() =>
        Promise.all(
          this.workers.map(async (worker) => {
            await worker.close();
            await worker.disconnect();
          }),
        ),
      )
      .then(() => undefined);
    return this.stopping;
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stopTakingJobs();
  }
}
