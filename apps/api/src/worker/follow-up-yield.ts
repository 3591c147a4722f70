import type { Job, Worker } from 'bullmq';
import { AFTER_SETTLEMENT, isJobName, jobPriority } from '../queues/jobs';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';

/**
 * A rush is this many settlement jobs started within SETTLEMENT_WINDOW_MS (3/s): one shopper's
 * payment, or a few, never makes messages wait; a checkout burst does.
 */
export const SETTLEMENT_RUSH_JOBS = 6;
export const SETTLEMENT_WINDOW_MS = 2_000;
/** A follow-up queue never waits longer than this in one go (messages stay within a receipt's wait)... */
export const FOLLOW_UP_MAX_PAUSE_MS = 15_000;
/** ...and then runs at least this long before it may yield again, so a long rush cannot starve it. */
export const FOLLOW_UP_MIN_RUN_MS = 5_000;
/**
 * A follow-up job met on a queue it shares with settlement (payments: eTIMS, receipt lookups)
 * while the follow-up queues are paused goes back for this long at most (never past the pause's
 * bound): a pause is at most three deferrals of it.
 */
export const FOLLOW_UP_DEFER_MS = 5_000;
const TICK_MS = 250;

/**
 * Under a checkout burst, follow-up work (the messages a paid order owes, and the WhatsApp status
 * webhooks each message brings back into the API) competes with settlement for the same CPU: on
 * 2 cores "paid" waited behind messages nobody needed yet (issue 17). During a rush of settlement
 * jobs (SETTLEMENT_RUSH_JOBS within SETTLEMENT_WINDOW_MS) the follow-up workers stop fetching
 * (running jobs finish). Nothing is lost or skipped: it waits in Redis (the outbox rows and their
 * relay stay the truth), and a pause is bounded: FOLLOW_UP_MAX_PAUSE_MS, then at least
 * FOLLOW_UP_MIN_RUN_MS of running.
 *
 * A queue shared with settlement (payments) cannot be paused: its follow-up jobs (eTIMS, receipt
 * lookups, verifications, reservation expiries) are put back as delayed when met during a pause
 * (putBackDuringRush, called by QueueWorkers), so the checkout burst's CPU goes to settling first.
 *
 * Per process: each worker process watches the settlement jobs it runs itself.
 */
export class FollowUpYield {
  /** Start times of the last SETTLEMENT_RUSH_JOBS settlement jobs, oldest first. */
  private readonly recentStarts: number[] = [];
  private pausedAt: number | null = null;
  private resumedAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private switching: Promise<void> = Promise.resolve();

  constructor(
    private readonly followUps: Worker[],
    private readonly logger: Logger,
    private readonly yields: Counter<'queue'>,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.switching = this.switching
        .then(() => this.tick())
        .catch((error: unknown) => {
          this.logger.warn({ err: error }, 'follow-up yield could not pause or resume a worker');
        });
    }, TICK_MS);
    this.timer.unref();
  }

  /** A settlement job (payment.callback, payment.query) is starting in this process. */
  settlementStarted(): void {
    this.recentStarts.push(this.now());
    if (this.recentStarts.length > SETTLEMENT_RUSH_JOBS) this.recentStarts.shift();
  }

  /**
   * A job taken from a queue shared with settlement (payments): if it is follow-up work (queued
   * after settlement, AFTER_SETTLEMENT, and not a scheduler's sweep) and the follow-up queues are
   * paused for a rush, it goes back to the queue as delayed until the pause's bound (at most
   * FOLLOW_UP_DEFER_MS) and this returns true: the processor must then throw BullMQ's
   * DelayedError (no attempt is used). Otherwise false, and the job runs now.
   */
  async putBackDuringRush(job: Job, token: string | undefined): Promise<boolean> {
    if (this.pausedAt === null || this.stopped || job.repeatJobKey) return false;
    if (!isJobName(job.name) || jobPriority(job.name) !== AFTER_SETTLEMENT) return false;
    const untilBound = this.pausedAt + FOLLOW_UP_MAX_PAUSE_MS - this.now();
    if (untilBound <= 0) return false;
    await job.moveToDelayed(Date.now() + Math.min(FOLLOW_UP_DEFER_MS, untilBound), token);
    return true;
  }

  /** SETTLEMENT_RUSH_JOBS settlement jobs started within the window up to now. */
  private rush(now: number): boolean {
    return this.recentStarts.length >= SETTLEMENT_RUSH_JOBS && now - this.recentStarts[0]! < SETTLEMENT_WINDOW_MS;
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const now = this.now();
    const busy = this.rush(now);
    if (this.pausedAt === null) {
      if (busy && now - this.resumedAt >= FOLLOW_UP_MIN_RUN_MS) {
        this.pausedAt = now;
        // Do not wait for the running jobs: they finish on their own; only new fetches stop.
        await Promise.all(this.followUps.map((w) => w.pause(true)));
        for (const w of this.followUps) this.yields.inc({ queue: w.name });
      }
      return;
    }
    if (!busy || now - this.pausedAt >= FOLLOW_UP_MAX_PAUSE_MS) await this.resume(now);
  }

  private async resume(now: number): Promise<void> {
    this.pausedAt = null;
    this.resumedAt = now;
    await Promise.all(this.followUps.map((w) => w.resume()));
  }

  /** Shutdown: no more switching; the workers are closed by their owner. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.switching;
  }
}
