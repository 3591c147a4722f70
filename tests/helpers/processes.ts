import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import type { TestDatabase } from './database';
import { REDIS_URL, TEST_MPESA_ENCRYPTION_KEY } from './database';

/**
 * How long a process gets to print what a test waits for (start-up included). Generous because
 * the test machine is shared: a start that only fails on a busy box is not a finding.
 */
const LOG_WAIT_MS = Number(process.env.TEST_LOG_WAIT_MS ?? 90_000);

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface RunningProcess {
  child: ChildProcess;
  /** Every stdout/stderr line so far (JSON log lines for api and worker). */
  lines: string[];
  /** Parsed JSON log lines. */
  logs(): Record<string, unknown>[];
  waitForLog(
    predicate: (entry: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

function startProcess(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): RunningProcess {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    for (const listener of listeners) listener();
  };
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    if (parts.length) collect(Buffer.from(parts.join('\n')));
  });
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const parse = () =>
    lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  return {
    child,
    lines,
    exited,
    logs: parse,
    waitForLog(predicate, timeoutMs = LOG_WAIT_MS) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = parse().find(predicate);
          if (found) {
            cleanup();
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`log line not seen in ${timeoutMs} ms; last lines:\n${lines.slice(-15).join('\n')}`));
        }, timeoutMs);
        const onExit = () => {
          cleanup();
          reject(new Error(`process exited before the log line appeared:\n${lines.slice(-15).join('\n')}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export function serverEnv(db: TestDatabase, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    DATABASE_URL: db.ownerUrl,
    REDIS_URL: REDIS_URL,
    // A namespace per test process: parallel test files never see each other's keys or queues.
    REDIS_KEY_PREFIX: `test-${randomBytes(4).toString('hex')}:`,
    MEDIA_DIR: db.mediaDir,
    LOG_LEVEL: 'info',
    SHUTDOWN_GRACE_MS: '10000',
    MPESA_ENCRYPTION_KEY: TEST_MPESA_ENCRYPTION_KEY,
    ...extra,
  };
}

export interface RunningApi extends RunningProcess {
  url: string;
  env: NodeJS.ProcessEnv;
}

/** The real API (compiled dist/main.js) on a free port. */
export async function startApi(env: NodeJS.ProcessEnv): Promise<RunningApi> {
  const proc = startProcess(process.execPath, ['apps/api/dist/main.js'], { PORT: '0', ...env, HOST: '127.0.0.1' });
  // A process that never comes up is killed, not left running after the test gives up.
  const listening = await proc
    .waitForLog((e) => e.msg === 'api listening')
    .catch(async (error: unknown) => {
      await proc.stop('SIGKILL');
      throw error;
    });
  return { ...proc, url: `http://127.0.0.1:${listening.port as number}`, env };
}

export async function startWorker(env: NodeJS.ProcessEnv): Promise<RunningProcess> {
  const proc = startProcess(process.execPath, ['apps/api/dist/worker.main.js'], env);
  await proc
    .waitForLog((e) => e.msg === 'worker started')
    .catch(async (error: unknown) => {
      await proc.stop('SIGKILL');
      throw error;
    });
  return proc;
}

export function startRaw(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): RunningProcess {
  return startProcess(command, args, env, cwd);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * The real web server (apps/web/server.mjs: the production Next build, one shared in
 * apps/web/.next, behind the server that sets X-Forwarded-For from the socket) pointed at an API.
 * `env` adds to its environment, e.g. WEB_TRUSTED_PROXIES.
 */
/** The web's heap cap, as the Dockerfile and npm start run it (bench:web measures RSS with it). */
export const WEB_NODE_FLAGS = ['--max-old-space-size=160'];

export async function startWeb(
  apiUrl: string,
  env: Record<string, string> = {},
): Promise<RunningProcess & { url: string; port: number }> {
  // env.PORT: a port chosen beforehand (the API must know the web's address, e.g. WEB_REVALIDATE_URL).
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const proc = startProcess(
    process.execPath,
    [...WEB_NODE_FLAGS, 'server.mjs'],
    {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      API_URL: apiUrl,
      NEXT_TELEMETRY_DISABLED: '1',
      PLATFORM_DOMAIN: 'localhost',
      PORT: String(port),
      ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
      ...env,
    },
    path.join(ROOT, 'apps/web'),
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`);
      if (res.status < 500) break;
    } catch {
      /* starting */
    }
    if (Date.now() > deadline) throw new Error(`the web server did not answer:\n${proc.lines.slice(-20).join('\n')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { ...proc, url: `http://127.0.0.1:${port}`, port };
}
