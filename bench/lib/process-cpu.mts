// CPU time by process (issue 17): utime + stime from /proc/<pid>/stat, sampled before and after a
// phase, so a bench can say how many ms of CPU an order costs in the API, the worker, the sandbox
// and Postgres. Postgres counts the backends connected to the bench's database at each sample
// (the pools keep them open); a backend that came and went between two samples is not counted,
// so its figure is a lower bound.
import { readFile } from 'node:fs/promises';
import type pg from 'pg';

/** Clock ticks per second of /proc/<pid>/stat times (`getconf CLK_TCK`: 100 on Linux). */
const TICKS_PER_S = 100;

export type CpuGroups = Record<string, number[]>;
/** CPU ms per group and pid at one moment. */
export type CpuSample = Record<string, Map<number, number>>;

/** utime + stime of one process in ms; null when it is gone. */
async function cpuMs(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start past the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
  } catch {
    return null;
  }
}

/** The Postgres backends serving this database now. */
export async function postgresBackends(pool: pg.Pool): Promise<number[]> {
  const { rows } = await pool.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  return rows.map((r) => r.pid);
}

export async function sampleCpu(groups: CpuGroups): Promise<CpuSample> {
  const sample: CpuSample = {};
  for (const [group, pids] of Object.entries(groups)) {
    const byPid = new Map<number, number>();
    for (const pid of pids) {
      const ms = await cpuMs(pid);
      if (ms !== null) byPid.set(pid, ms);
    }
    sample[group] = byPid;
  }
  return sample;
}

/**
 * Polls the groups' processes every `everyMs` and remembers each pid's last CPU figure, so a
 * process that exits between two marks still counts what it had done when last seen.
 */
export class CpuTracker {
  private readonly seen: CpuSample = {};
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> = Promise.resolve();

  constructor(
    private readonly groups: () => Promise<CpuGroups>,
    private readonly everyMs = 250,
  ) {}

  private async poll(): Promise<void> {
    const sample = await sampleCpu(await this.groups());
    for (const [group, byPid] of Object.entries(sample)) {
      const seen = (this.seen[group] ??= new Map());
      for (const [pid, ms] of byPid) seen.set(pid, ms);
    }
  }

  async start(): Promise<void> {
    await this.poll();
    this.timer = setInterval(() => {
      this.polling = this.polling.then(() => this.poll()).catch(() => undefined);
    }, this.everyMs);
    this.timer.unref();
  }

  /** Every pid's CPU ms so far (after a fresh poll): pass two marks to cpuBetween. */
  async mark(): Promise<CpuSample> {
    await this.polling;
    await this.poll();
    return Object.fromEntries(Object.entries(this.seen).map(([g, byPid]) => [g, new Map(byPid)]));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

/**
 * CPU ms each group spent between two samples, and per order. A pid seen only in the later sample
 * (a new Postgres backend) counts from 0.
 */
export function cpuBetween(before: CpuSample, after: CpuSample, orders: number) {
  const spent: Record<string, number> = {};
  for (const [group, byPid] of Object.entries(after)) {
    let ms = 0;
    for (const [pid, end] of byPid) ms += end - (before[group]?.get(pid) ?? 0);
    spent[group] = Math.round(ms);
  }
  const total = Object.values(spent).reduce((a, b) => a + b, 0);
  const perOrder = Object.fromEntries(
    Object.entries({ ...spent, total }).map(([g, ms]) => [g, orders ? Math.round((ms / orders) * 10) / 10 : null]),
  );
  return { orders, cpu_ms: { ...spent, total }, cpu_ms_per_order: perOrder };
}
