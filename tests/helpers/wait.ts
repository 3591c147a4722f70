// Waiting in tests: for a condition, never for a fixed time. A test that sleeps passes or fails
// by how busy the machine is; a test that waits for what it needs is as fast as the system and
// fails naming what never happened and the last thing it saw.
import type { Queue } from 'bullmq';
import type { Row } from './database';
import type { RunningProcess } from './processes';

export interface WaitOptions {
  /** How long to keep looking (default 20 s). */
  timeoutMs?: number;
  /** The pause between two looks (default 150 ms). */
  intervalMs?: number;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_INTERVAL_MS = 150;

function settings(options: number | WaitOptions | undefined): Required<WaitOptions> {
  const given = typeof options === 'number' ? { timeoutMs: options } : (options ?? {});
  return { timeoutMs: given.timeoutMs ?? DEFAULT_TIMEOUT_MS, intervalMs: given.intervalMs ?? DEFAULT_INTERVAL_MS };
}

/** The gap between two looks at a condition; never used on its own to wait for something. */
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function shown(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value);
    return text.length > 600 ? `${text.slice(0, 600)}…` : text;
  } catch {
    // A cycle or a BigInt, which JSON cannot show.
    return typeof value === 'bigint' ? `${value}n` : Object.prototype.toString.call(value);
  }
}

/**
 * Calls probe until holds(value) is true and returns that value; after the deadline it fails
 * with "timed out after N ms waiting for <what>; last value seen: <value>". An error thrown by
 * probe fails the wait at once (a broken probe is a broken test, not a slow system).
 */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T> | T,
  holds: (value: T) => boolean,
  options?: number | WaitOptions,
): Promise<T> {
  const { timeoutMs, intervalMs } = settings(options);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (holds(value)) return value;
    if (Date.now() >= deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value seen: ${shown(value)}`);
    await pause(Math.min(intervalMs, Math.max(1, deadline - Date.now())));
  }
}

/** waitUntil for the common case: probe returns something truthy once the condition holds. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  options?: number | WaitOptions,
): Promise<T> {
  return waitUntil(what, probe, (value) => Boolean(value), options) as Promise<T>;
}

/**
 * Runs a SQL query (one connection for the whole wait) until holds(rows) is true; returns those
 * rows. The default condition is "at least one row".
 */
export async function waitForRows<R = Row>(
  what: string,
  url: string,
  text: string,
  params: unknown[] = [],
  holds: (rows: R[]) => boolean = (rows) => rows.length > 0,
  options?: number | WaitOptions,
): Promise<R[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await waitUntil(what, async () => (await client.query(text, params)).rows as R[], holds, options);
  } finally {
    await client.end();
  }
}

export interface JobMatch {
  /** The BullMQ job id (exact, or a pattern for ids the product makes up). */
  id?: string | RegExp;
  /** The job name, e.g. 'cart.nudge'. */
  name?: string;
}

export interface JobOutcome {
  state: 'completed' | 'failed';
  /** The worker's log line ('job completed' or 'job failed') with job_id, job_name, ... */
  entry: Record<string, unknown>;
}

/** Where a process's log stands now: pass it as `since` to look only at what comes after. */
export const logMark = (proc: RunningProcess): number => proc.lines.length;

function parsed(line: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(line) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Waits until the worker has finished a job: its 'job completed' log line (written after the
 * processor returned, so everything the job writes is committed), or a 'job failed' line (an
 * attempt threw; BullMQ may retry it). `states: ['completed']` waits through failed attempts.
 * `since` (from logMark) ignores earlier runs of a job that runs more than once.
 */
export async function waitForJob(
  worker: RunningProcess,
  job: JobMatch,
  options: WaitOptions & { since?: number; states?: JobOutcome['state'][] } = {},
): Promise<JobOutcome> {
  if (job.id === undefined && job.name === undefined) throw new Error('waitForJob needs a job id or name');
  const states = options.states ?? ['completed', 'failed'];
  const matches = (entry: Record<string, unknown>) => {
    const id = typeof entry.job_id === 'string' || typeof entry.job_id === 'number' ? String(entry.job_id) : '';
    if (job.id !== undefined && !(typeof job.id === 'string' ? id === job.id : job.id.test(id))) return false;
    return job.name === undefined || entry.job_name === job.name;
  };
  let scanned = options.since ?? 0;
  let last: Record<string, unknown> | null = null;
  const describe = `job ${job.name ?? ''}${job.id !== undefined ? ` id=${String(job.id)}` : ''} to reach ${states.join(' or ')}`;
  return waitUntil(
    describe,
    () => {
      if (worker.child.exitCode !== null || worker.child.signalCode !== null)
        throw new Error(`the worker exited while waiting for ${describe}:\n${worker.lines.slice(-15).join('\n')}`);
      for (; scanned < worker.lines.length; scanned++) {
        const entry = parsed(worker.lines[scanned]!);
        if (!entry || !matches(entry)) continue;
        last = entry;
        const state = entry.msg === 'job completed' ? 'completed' : entry.msg === 'job failed' ? 'failed' : null;
        if (state && states.includes(state)) return { state, entry } satisfies JobOutcome;
      }
      return { last };
    },
    (value): value is JobOutcome => 'state' in value,
    { intervalMs: 50, timeoutMs: options.timeoutMs ?? 30_000 },
  ) as Promise<JobOutcome>;
}

/** waitForJob that insists the job completed (a failed final state fails the test, with its error). */
export async function waitForJobCompleted(
  worker: RunningProcess,
  job: JobMatch,
  options: WaitOptions & { since?: number } = {},
): Promise<Record<string, unknown>> {
  return (await waitForJob(worker, job, { ...options, states: ['completed'] })).entry;
}

/**
 * A handle on one of the product's queues (same Redis prefix as the API and worker). Loaded on
 * use, so tests that only need waitFor (the sandbox's) do not load BullMQ or the API build.
 */
async function openQueue(redisKeyPrefix: string, queueName: string): Promise<Queue> {
  const [{ Queue }, { bullPrefix }, { REDIS_URL }] = await Promise.all([
    import('bullmq'),
    import('../../apps/api/dist/queues/queues.js'),
    import('./database'),
  ]);
  return new Queue(queueName, { connection: { url: REDIS_URL }, prefix: bullPrefix(redisKeyPrefix) });
}

/**
 * Waits until a queue has nothing left to do now: no job waiting, prioritized or active, and
 * no failed attempt waiting for its retry. Jobs the product deliberately delays for later (a
 * 10-minute "order placed" message, a repeat schedule) do not count. Use it before asserting
 * that something did NOT happen when no job id is known to wait for.
 */
export async function waitForQueueIdle(
  redisKeyPrefix: string,
  queueName: string,
  options?: number | WaitOptions,
): Promise<void> {
  const queue = await openQueue(redisKeyPrefix, queueName);
  try {
    await waitUntil(
      `the ${queueName} queue to be idle`,
      async () => {
        const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'waiting-children');
        const retries = (await queue.getDelayed())
          .filter((job) => job.attemptsMade > 0)
          .map((job) => `${job.name} ${job.id}`);
        return { ...counts, retries };
      },
      ({ retries, ...counts }) => retries.length === 0 && Object.values(counts).every((n) => n === 0),
      options,
    );
  } finally {
    await queue.close();
  }
}

export interface FinishedJob {
  state: 'completed' | 'failed';
  /** What the processor returned (e.g. `{ outcome: 'requeried_later' }`). */
  returnvalue: unknown;
  failedReason: string | undefined;
}

/**
 * Waits until the BullMQ job with this id, in this queue, is completed or failed (read from
 * Redis, so its return value is there to assert on). Only for jobs the product keeps after
 * completion: a job added with `removeOnComplete: true` vanishes instead; wait for it with
 * waitForJob (the worker's log) or for the row it writes.
 */
export async function waitForQueuedJob(
  redisKeyPrefix: string,
  queueName: string,
  jobId: string,
  options?: number | WaitOptions,
): Promise<FinishedJob> {
  const queue = await openQueue(redisKeyPrefix, queueName);
  try {
    const seen = await waitUntil(
      `${queueName} job ${jobId} to be completed or failed`,
      async () => {
        const job = await queue.getJob(jobId);
        if (!job) return { state: 'not queued' };
        return { state: await job.getState(), returnvalue: job.returnvalue as unknown, failedReason: job.failedReason };
      },
      (value) => value.state === 'completed' || value.state === 'failed',
      options,
    );
    return seen as FinishedJob;
  } finally {
    await queue.close();
  }
}
