// What tracing costs the API (docs/operate/traces.md): the bench:api read scenarios against the
// real API process with (a) OTEL_EXPORTER_OTLP_ENDPOINT unset (tracing off: no SDK loaded) and
// (b) the SDK on, exporting every span to an OTLP receiver on this machine. The two modes
// alternate, round after round, each on a freshly started API, so drift in a busy machine's load
// falls on both; the median of the rounds is reported. Writes bench/results/tracing-overhead.json.
//   BENCH_ROUNDS (default 5) BENCH_DURATION_S (default 5) BENCH_CONNECTIONS (default 10)
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { build } from '../scripts/lib/build.mjs';
import { createTestDatabase } from '../tests/helpers/database.ts';
import { startOtlpSink, tracingEnv } from '../tests/helpers/otlp-sink.ts';
import { ROOT, serverEnv, startRaw } from '../tests/helpers/processes.ts';
import { median } from './lib/median.mts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const STORE = 'nairobi-gadgets';

type Mode = 'off' | 'on';
interface Sample {
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
}

build({ web: false });
const db = await createTestDatabase({ seed: true });
const sink = await startOtlpSink();

/**
 * The real API (apps/api/dist/main.js) on a free port, given up to 2 minutes to come up: on the
 * shared 2-core machine a start can take longer than the 30 s tests/helpers allow.
 */
async function startApiSlowly(env: NodeJS.ProcessEnv): Promise<{ url: string; stop: () => Promise<unknown> }> {
  const proc = startRaw(process.execPath, ['apps/api/dist/main.js'], { PORT: '0', ...env, HOST: '127.0.0.1' });
  try {
    const listening = await proc.waitForLog((e) => e.msg === 'api listening', 120_000);
    return { url: `http://127.0.0.1:${listening.port as number}`, stop: () => proc.stop() };
  } catch (error) {
    await proc.stop('SIGKILL');
    throw error;
  }
}

async function measure(mode: Mode, scenarios: Record<string, string>): Promise<Record<string, Sample>> {
  const api = await startApiSlowly(
    serverEnv(db, {
      RATE_LIMIT_MAX: '100000000',
      DB_POOL_MAX: '10',
      // info, as in production: a line per request, with trace_id/span_id when on.
      LOG_LEVEL: 'info',
      ...(mode === 'on' ? { ...tracingEnv(sink), OTEL_BSP_SCHEDULE_DELAY: '1000' } : {}),
    }),
  );
  try {
    const out: Record<string, Sample> = {};
    for (const [name, urlPath] of Object.entries(scenarios)) {
      const url = `${api.url}${urlPath}`;
      await autocannon({ url, connections: 4, duration: 1 }); // warm-up: pools, plan and tenant caches
      const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
      out[name] = {
        requests_per_s: Math.round(r.requests.average),
        p50_ms: r.latency.p50,
        p99_ms: r.latency.p99,
        errors: r.non2xx + r.errors + r.timeouts,
      };
    }
    return out;
  } finally {
    await api.stop();
  }
}

try {
  // The product slug the detail scenario reads (from an API started once, tracing off).
  const probe = await startApiSlowly(serverEnv(db));
  const first = (await (await fetch(`${probe.url}/v1/stores/${STORE}/products?limit=1`)).json()) as {
    items: { slug: string }[];
  };
  await probe.stop();
  const scenarios = {
    product_list_48: `/v1/stores/${STORE}/products?limit=48`,
    product_detail: `/v1/stores/${STORE}/products/${first.items[0]!.slug}`,
    search: `/v1/stores/${STORE}/search?q=samsung%20128gb`,
  };

  const runs: Record<Mode, Record<string, Sample>[]> = { off: [], on: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which mode goes first, so neither always runs on the warmer machine.
    const order: Mode[] = round % 2 ? ['on', 'off'] : ['off', 'on'];
    for (const mode of order) runs[mode].push(await measure(mode, scenarios));
    console.log(`round ${round + 1}/${ROUNDS} done (${sink.spans().length} spans received so far)`);
  }

  const result = Object.fromEntries(
    Object.keys(scenarios).map((name) => {
      const pick = (mode: Mode, k: keyof Sample) => median(runs[mode].map((r) => r[name]![k]));
      const off = {
        requests_per_s: pick('off', 'requests_per_s'),
        p50_ms: pick('off', 'p50_ms'),
        p99_ms: pick('off', 'p99_ms'),
      };
      const on = {
        requests_per_s: pick('on', 'requests_per_s'),
        p50_ms: pick('on', 'p50_ms'),
        p99_ms: pick('on', 'p99_ms'),
      };
      return [
        name,
        {
          off,
          on,
          // > 1: tracing costs throughput (off/on); latency ratio on/off.
          throughput_ratio_off_over_on: Number((off.requests_per_s / on.requests_per_s).toFixed(3)),
          p50_ratio_on_over_off: Number((on.p50_ms / Math.max(off.p50_ms, 0.001)).toFixed(3)),
          errors: {
            off: runs.off.reduce((n, r) => n + r[name]!.errors, 0),
            on: runs.on.reduce((n, r) => n + r[name]!.errors, 0),
          },
        },
      ];
    }),
  );
  const ratios = Object.values(result).map((r) => r.throughput_ratio_off_over_on);
  const summary = {
    benchmark: 'tracing-overhead',
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, loadavg_1m_at_end: Number(os.loadavg()[0]!.toFixed(2)) },
    modes: {
      off: 'OTEL_EXPORTER_OTLP_ENDPOINT unset: no SDK loaded',
      on: 'SDK on: http, undici, pg, ioredis instrumented; every span exported (OTLP/HTTP JSON, batches every 1 s) to a receiver on this machine',
    },
    rounds: ROUNDS,
    duration_s: DURATION_S,
    connections: CONNECTIONS,
    spans_received: sink.spans().length,
    scenarios: result,
    // The headline: median over scenarios of (throughput off / throughput on). 1.10 = tracing costs 10 %.
    overhead_ratio: Number(median(ratios).toFixed(3)),
    raw: runs,
  };
  await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
  await writeFile(path.join(ROOT, 'bench/results/tracing-overhead.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(
    `tracing overhead (median of ${ROUNDS} rounds, ${DURATION_S}s, ${CONNECTIONS} connections): ` +
      Object.entries(result)
        .map(
          ([n, r]) =>
            `${n} off ${r.off.requests_per_s} req/s p50 ${r.off.p50_ms}ms, on ${r.on.requests_per_s} req/s p50 ${r.on.p50_ms}ms (x${r.throughput_ratio_off_over_on})`,
        )
        .join(' | ') +
      ` | overall x${summary.overhead_ratio}`,
  );
} finally {
  await sink.close();
  await db.drop();
}
