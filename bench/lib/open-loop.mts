// Offered load at a fixed rate (open loop): request i is due at start + i / rate whatever the
// server's pace, as shoppers arrive, and its latency is counted from when it was due, not from
// when a free connection sent it, so a server that falls behind shows the whole wait (no
// coordinated omission). autocannon's overallRate is not this: each connection sends its quota
// for the second back to back, then waits for the next second, so the load comes in bursts.
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

export interface OpenLoopResult {
  offered_per_s: number;
  /** Answers per second over the run (equal to the offered rate when the server keeps up). */
  requests_per_s: number;
  latency_ms: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  /** Requests due but not sent at once because every connection was busy. */
  waited_for_connection: number;
}

/** GETs `url` at `rate` per second for `durationS` seconds over at most `connections` sockets. */
export async function openLoop(
  url: string,
  rate: number,
  durationS: number,
  connections = 64,
): Promise<OpenLoopResult> {
  const target = new URL(url);
  // A request that hangs fails after 30 s instead of holding the bench forever.
  const pool = new Pool(target.origin, { connections, headersTimeout: 30_000, bodyTimeout: 30_000 });
  const requestPath = `${target.pathname}${target.search}`;
  const total = Math.round(rate * durationS);
  const latencies: number[] = [];
  let errors = 0;
  let inFlight = 0;
  let waited = 0;
  let sent = 0;
  let done = 0;
  const start = performance.now();

  const finished = new Promise<void>((resolve) => {
    const settle = (dueAt: number, ok: boolean) => {
      inFlight--;
      latencies.push(performance.now() - dueAt);
      if (!ok) errors++;
      if (++done === total) resolve();
    };
    const send = (dueAt: number) => {
      if (inFlight >= connections) waited++;
      inFlight++;
      pool.request({ path: requestPath, method: 'GET' }).then(
        async (response) => {
          try {
            // Read to the end: the answer is complete when its last byte is in.
            for await (const _chunk of response.body) void _chunk;
            settle(dueAt, response.statusCode === 200);
          } catch {
            settle(dueAt, false); // the connection broke mid-answer
          }
        },
        () => settle(dueAt, false),
      );
    };
    // Every millisecond, send what has come due (at 1,500/s, one or two requests).
    const timer = setInterval(() => {
      const now = performance.now();
      while (sent < total) {
        const dueAt = start + (sent * 1000) / rate;
        if (dueAt > now) break;
        sent++;
        send(dueAt);
      }
      if (sent === total) clearInterval(timer);
    }, 1);
  });
  await finished;
  const elapsedS = (performance.now() - start) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Number((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(1));
  return {
    offered_per_s: rate,
    requests_per_s: Math.round(total / elapsedS),
    latency_ms: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) },
    errors,
    waited_for_connection: waited,
  };
}
