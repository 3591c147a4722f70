// Several API and worker processes behind one nginx, on one machine (issue 17, "Beyond one
// machine"): used by bench/checkout.mts (BENCH_API_PROCESSES, BENCH_WORKER_PROCESSES) and by
// tests/ops/multi-process-checkout.test.ts.
//
// Real pieces: the Daraja/WhatsApp sandbox, N compiled API processes each on its own port, M
// workers each with its own metrics port, all on one database and one Redis prefix, and Debian's
// nginx (/usr/sbin/nginx) run unprivileged with a temp prefix and bench/lib/multi-process-nginx.conf
// (least_conn, keep-alive to the upstreams, X-Forwarded-For as TRUSTED_PROXIES expects). Shoppers
// and the sandbox's Daraja callbacks (PUBLIC_API_URL) both go through nginx. With one API process
// and no `nginx: true`, there is no nginx: the stack is the single-process one the bench always ran.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestDatabase } from '../../tests/helpers/database.ts';
import { NGINX } from '../../tests/helpers/bluegreen.ts';
import { configureStoresWhatsApp, paymentEnv, startSandbox } from '../../tests/helpers/payment-stack.ts';
import {
  freePort,
  ROOT,
  startApi,
  startRaw,
  startWorker,
  type RunningApi,
  type RunningProcess,
} from '../../tests/helpers/processes.ts';
import { waitUntil } from '../../tests/helpers/wait.ts';

export interface Layout {
  apis: number;
  workers: number;
  /** Put nginx in front even of a single API process (always there with more than one). */
  nginx?: boolean;
}

export interface MultiProcessStack {
  /** Where clients go: nginx when it runs, else the one API. */
  url: string;
  sandbox: RunningProcess & { url: string; smtpPort: number };
  apis: RunningApi[];
  workers: (RunningProcess & { metricsUrl: string })[];
  nginx: { dir: string; port: number; version: string; conf: string } | null;
  env: NodeJS.ProcessEnv;
  /** Each process's log is `<logPrefix>api-1.log`, `worker-1.log`, `sandbox.log`, `nginx-*.log`. */
  logPrefix: string;
  /** Requests each API process served (its /metrics). */
  requestsPerApi(): Promise<number[]>;
  /** Jobs each worker ran (its /metrics), all outcomes; only jobs of that name when given. */
  jobsPerWorker(jobName?: string): Promise<number[]>;
  /** What the bench result records about the processes. */
  describe(): Record<string, unknown>;
  stop(): Promise<void>;
}

/** Sum of every sample of a Prometheus counter or histogram `_count` (with `label` if given) in an exposition text. */
export function metricTotal(text: string, name: string, label?: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (label && !line.includes(label)) continue;
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

async function metricsText(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return res.text();
}

/** Each process's output also goes to its own file (the in-memory lines stay for waitForLog). */
function logTo(proc: RunningProcess, file: string): void {
  const out = createWriteStream(file);
  proc.child.stdout?.pipe(out, { end: false });
  proc.child.stderr?.pipe(out, { end: false });
  proc.child.once('exit', () => out.end());
}

function nginxConf(dir: string, port: number, apiPorts: number[]): string {
  const template = readFileSync(path.join(ROOT, 'bench/lib/multi-process-nginx.conf'), 'utf8');
  const servers = apiPorts.map((p) => `    server 127.0.0.1:${p} max_fails=0;`).join('\n');
  const conf = template
    .replaceAll('{{DIR}}', dir)
    .replaceAll('{{PORT}}', String(port))
    .replaceAll('{{SERVERS}}', servers);
  if (conf.includes('{{')) throw new Error('bench/lib/multi-process-nginx.conf: a placeholder was not filled in');
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
    mkdirSync(path.join(dir, 'tmp', sub), { recursive: true });
  const file = path.join(dir, 'nginx.conf');
  writeFileSync(file, conf);
  return file;
}

/**
 * Sandbox, `layout.apis` API processes, `layout.workers` workers and (for more than one API, or
 * `layout.nginx`) nginx in front. `extra` adds to every API's and worker's environment. Logs go to
 * `<logPrefix><process>.log` (in a new temp dir when not given).
 */
export async function startMultiProcessStack(
  db: TestDatabase,
  layout: Layout,
  extra: Record<string, string> = {},
  logPrefix = `${mkdtempSync(path.join(os.tmpdir(), 'sokoni-multi-logs-'))}/`,
): Promise<MultiProcessStack> {
  if (!(layout.apis >= 1 && layout.workers >= 1)) throw new Error('at least one API and one worker process');
  mkdirSync(path.dirname(`${logPrefix}x`), { recursive: true });
  const logFile = (name: string) => `${logPrefix}${name}.log`;
  const cleanups: (() => unknown)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await Promise.resolve(step()).catch(() => undefined);
  };
  try {
    const sandbox = await startSandbox();
    logTo(sandbox, logFile('sandbox'));
    cleanups.push(() => sandbox.stop());
    const apiPorts = await Promise.all(Array.from({ length: layout.apis }, () => freePort()));
    const withNginx = layout.apis > 1 || layout.nginx === true;
    let nginx: MultiProcessStack['nginx'] = null;
    if (withNginx) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'sokoni-nginx-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const port = await freePort();
      const conf = nginxConf(dir, port, apiPorts);
      const args = ['-e', 'stderr', '-p', `${dir}/`, '-c', conf];
      const check = spawnSync(NGINX, [...args, '-t'], { encoding: 'utf8' });
      if (check.status !== 0) throw new Error(`nginx -t: ${check.stderr}`);
      const version = spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr.trim();
      const proc = startRaw(NGINX, args, { PATH: process.env.PATH });
      logTo(proc, logFile('nginx-stderr'));
      // nginx's own files (access.log, error.log) are copied next to the processes' logs at stop.
      cleanups.push(() => {
        for (const name of ['access.log', 'error.log'])
          try {
            writeFileSync(logFile(`nginx-${name.replace('.log', '')}`), readFileSync(path.join(dir, name)));
          } catch {
            /* not written */
          }
      });
      cleanups.push(() => proc.stop('SIGQUIT'));
      nginx = { dir, port, version, conf };
      await waitUntil(
        'nginx to answer',
        () =>
          fetch(`http://127.0.0.1:${port}/nginx-health`).then(
            (r) => r.status,
            () => 0,
          ),
        (s) => s === 200,
      );
    }
    const url = nginx ? `http://127.0.0.1:${nginx.port}` : `http://127.0.0.1:${apiPorts[0]}`;
    // PUBLIC_API_URL is where Daraja sends callbacks: through nginx to any API process.
    const env = paymentEnv(db, sandbox.url, { PUBLIC_API_URL: url, ...extra }, sandbox.smtpPort);
    const apis: RunningApi[] = [];
    for (const [i, port] of apiPorts.entries()) {
      const api = await startApi({ ...env, PORT: String(port) });
      logTo(api, logFile(`api-${i + 1}`));
      cleanups.push(() => api.stop());
      apis.push(api);
    }
    const workers: MultiProcessStack['workers'] = [];
    for (let i = 0; i < layout.workers; i++) {
      const metricsPort = await freePort();
      const worker = await startWorker({ ...env, WORKER_METRICS_PORT: String(metricsPort) });
      logTo(worker, logFile(`worker-${i + 1}`));
      cleanups.push(() => worker.stop());
      workers.push({ ...worker, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics` });
    }
    // WhatsApp status webhooks come back through nginx too.
    await configureStoresWhatsApp(db, sandbox.url, url);
    return {
      url,
      sandbox,
      apis,
      workers,
      nginx,
      env,
      logPrefix,
      requestsPerApi: () =>
        Promise.all(
          apis.map(async (a) =>
            metricTotal(await metricsText(`${a.url}/metrics`), 'http_request_duration_seconds_count'),
          ),
        ),
      jobsPerWorker: (jobName) =>
        Promise.all(
          workers.map(async (w) =>
            metricTotal(
              await metricsText(w.metricsUrl),
              'sokoni_job_duration_seconds_count',
              jobName ? `name="${jobName}"` : undefined,
            ),
          ),
        ),
      describe: () => ({
        api_processes: apis.length,
        worker_processes: workers.length,
        api_ports: apiPorts,
        nginx: nginx
          ? {
              version: nginx.version,
              balancing: 'least_conn',
              upstream_keepalive: 64,
              x_forwarded_for: 'realip from loopback, one entry passed on (TRUSTED_PROXIES = loopback, one hop)',
            }
          : null,
        logs: `${logPrefix}*.log`,
      }),
      stop: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
