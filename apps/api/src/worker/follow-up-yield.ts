import type { Worker } from 'bullmq';
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
