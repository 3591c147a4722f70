#!/usr/bin/env node
/**
 * Blue/green switch (docs/operate/deploy.md). One order, whatever runs the processes:
 *
 *   1. guard      the new migrations are backward compatible with the running colour
 *                 (ops/deploy/migration-guard.mjs: expand/contract)
 *   2. migrate    run them, while the old colour keeps serving
 *   3. start      the new colour's api, worker and web
 *   4. ready      wait until the new colour answers /readyz (and the web its home page)
 *   5. flip       write the nginx upstream file naming the new colour, `nginx -t`, `nginx -s reload`
 *   6. confirmed  wait until nginx answers /nginx-colour with the new colour and no nginx worker
 *                 from before the reload is left: from then on nothing is sent to the old colour
 *   7. drain      SIGTERM the old colour: web first (its requests still call the old api), then the
 *                 api (stops accepting, finishes in-flight requests), then the worker (finishes its
 *                 running jobs); each must exit 0 within its grace period
 *
 * A failure before step 5 stops the new colour and leaves the old one serving: nothing changed
 * for shoppers. `switchColour(steps)` is the order; the CLI below runs it with Docker Compose
 * (docker-compose.yml, profile bluegreen), and bench/bluegreen.mts with local processes.
 *
 * CLI:  node ops/deploy/switch.mjs --to green --tag 2026.12.2 [--from blue] [--skip-migrate]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkRepository } from './migration-guard.mjs';

export const COLOURS = ['blue', 'green'];
export const other = (colour) => (colour === 'blue' ? 'green' : 'blue');

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls probe() until it returns true; throws naming `what` and the last answer after timeoutMs. */
export async function waitUntil(what, probe, { timeoutMs = 120_000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last === true) return;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last})`);
    await pause(intervalMs);
  }
}

/** The nginx include that makes `colour` live (ops/nginx/nginx.conf includes it). */
export function upstreamConf(colour, { api, web, tag = '' }) {
  return [
    `# Live colour, written by ops/deploy/switch.mjs at ${new Date().toISOString()}${tag ? ` (tag ${tag})` : ''}.`,
    `set $sokoni_colour ${colour};`,
    `set $api_upstream ${api};`,
    `set $web_upstream ${web};`,
    '',
  ].join('\n');
}

/** Writes a file so a reader sees the old or the new content, never half of it. */
export function writeAtomically(file, content) {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, content);
  renameSync(temp, file);
}

/**
 * The switch. `steps` provides each action for the platform:
 *   guard(), migrate(), start(colour), ready(colour) -> boolean, flip(colour), edgeColour() -> string,
 *   edgeWorkers() -> nginx worker process ids, stop(colour) -> { [process]: exitCode }, log(msg, fields)
 * `from` may be null (first deploy: nothing to drain). Returns timings in ms and the old colour's exit codes.
 */
export async function switchColour({ to, from, steps, readyTimeoutMs = 120_000, drainTimeoutMs = 60_000 }) {
  if (!COLOURS.includes(to)) throw new Error(`--to must be blue or green, not ${to}`);
  if (from === to) throw new Error(`${to} is already live: deploy to ${other(to)}`);
  const log = steps.log ?? (() => undefined);
  const t0 = Date.now();
  const timings = {};
  const mark = (name) => (timings[name] = Date.now() - t0);

  if (steps.guard) {
    await steps.guard();
    mark('guard');
  }
  if (steps.migrate) {
    await steps.migrate();
    mark('migrate');
    log('migrations applied', { to });
  }
  try {
    await steps.start(to);
    mark('start');
    await waitUntil(`${to} to be ready`, () => steps.ready(to), { timeoutMs: readyTimeoutMs });
    mark('ready');
  } catch (error) {
    log('new colour never became ready: stopping it, the old colour keeps serving', { to, err: String(error) });
    await steps.stop(to).catch(() => undefined);
    throw error;
  }
  log('new colour ready', { to });
  // The workers that may still hold connections to the old colour are exactly those running
  // before the reload. Waiting for their process ids to go (not for "shutting down" to vanish
  // from ps) also covers the moment right after the reload, before the master has told them to
  // shut down, when their titles do not say so yet: a drain started then met requests that an
  // old worker still sent to the old colour (502/503 in the blue/green drill, seen once in CI).
  const workersBefore = await steps.edgeWorkers();
  await steps.flip(to);
  mark('flip');
  await waitUntil(`nginx to serve ${to}`, async () => (await steps.edgeColour()) === to, { timeoutMs: 30_000 });
  await waitUntil(
    'the nginx workers from before the reload to finish',
    async () => {
      const now = await steps.edgeWorkers();
      return !workersBefore.some((pid) => now.includes(pid));
    },
    { timeoutMs: drainTimeoutMs },
  );
  mark('edge_switched');
  log('nginx serves the new colour', { to });
  let drained = null;
  if (from) {
    drained = await steps.stop(from);
    mark('drained');
    const unclean = Object.entries(drained).filter(([, code]) => code !== 0);
    if (unclean.length)
      throw new Error(`${from} did not drain cleanly: ${unclean.map(([p, c]) => `${p} exited ${c}`).join(', ')}`);
    log('old colour drained', { from, exit_codes: drained });
  }
  return { to, from, timings, drained };
}

// ---- Docker Compose (production-like hosts) ----------------------------------------------------

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const LIVE_FILE = path.join(ROOT, 'ops/nginx/upstream/live.conf');

function compose(args, env = {}) {
  const result = spawnSync('docker', ['compose', '--profile', 'bluegreen', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { ok: result.status === 0, out: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

function mustCompose(args, env = {}) {
  const result = compose(args, env);
  if (!result.ok) throw new Error(`docker compose ${args.join(' ')} failed:\n${result.out}`);
  return result.out;
}

function liveColour() {
  if (!existsSync(LIVE_FILE)) return null;
  return /set \$sokoni_colour (blue|green);/.exec(readFileSync(LIVE_FILE, 'utf8'))?.[1] ?? null;
}

function composeSteps({ tag, skipMigrate }) {
  const tagEnv = (colour) => ({ [`${colour.toUpperCase()}_TAG`]: tag, IMAGE_TAG: tag });
  const probe = (service, url) =>
    compose([
      'exec',
      '-T',
      service,
      'node',
      '-e',
      `fetch('${url}').then(r=>process.exit(r.status<400?0:1),()=>process.exit(1))`,
    ]).ok;
  const log = (msg, fields = {}) => console.log(JSON.stringify({ time: new Date().toISOString(), msg, ...fields }));
  return {
    log,
    guard: () => {
      const { ref, problems } = checkRepository();
      if (problems.length) throw new Error(problems.map((p) => p.message).join('\n'));
      log('migrations are backward compatible', { previous_release: ref });
    },
    migrate: skipMigrate
      ? undefined
      : () => mustCompose(['run', '--rm', '--no-deps', '-e', 'SEED_DEMO=false', 'migrate'], { IMAGE_TAG: tag }),
    start: (colour) =>
      mustCompose(['up', '-d', '--no-deps', `api-${colour}`, `worker-${colour}`, `web-${colour}`], tagEnv(colour)),
    ready: (colour) =>
      probe(`api-${colour}`, 'http://127.0.0.1:4000/readyz') && probe(`web-${colour}`, 'http://127.0.0.1:3000/'),
    flip: (colour) => {
      writeAtomically(LIVE_FILE, upstreamConf(colour, { api: `api-${colour}:4000`, web: `web-${colour}:3000`, tag }));
      mustCompose(['exec', '-T', 'nginx-bluegreen', 'nginx', '-t']);
      mustCompose(['exec', '-T', 'nginx-bluegreen', 'nginx', '-s', 'reload']);
    },
    edgeColour: () =>
      mustCompose(['exec', '-T', 'nginx-bluegreen', 'wget', '-q', '-O', '-', 'http://127.0.0.1/nginx-colour']).trim(),
    // Worker processes of the nginx container (master excluded), by pid.
    edgeWorkers: () =>
      mustCompose(['exec', '-T', 'nginx-bluegreen', 'ps', '-o', 'pid,args'])
        .split('\n')
        .filter((line) => /nginx: worker process/.test(line))
        .map((line) => Number(line.trim().split(/\s+/)[0])),
    // docker compose stop sends SIGTERM and waits up to stop_grace_period; exit codes from inspect.
    stop: (colour) => {
      const codes = {};
      for (const service of [`web-${colour}`, `api-${colour}`, `worker-${colour}`]) {
        mustCompose(['stop', service]);
        const id = compose(['ps', '-a', '-q', service]).out.split('\n')[0];
        codes[service] = id
          ? Number(execFileSync('docker', ['inspect', '-f', '{{.State.ExitCode}}', id], { encoding: 'utf8' }).trim())
          : 0;
      }
      return codes;
    },
  };
}

function argument(name) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const to = argument('to');
  const tag = argument('tag');
  if (!to || !tag) {
    console.error(
      'usage: node ops/deploy/switch.mjs --to blue|green --tag <image tag> [--from blue|green] [--skip-migrate]',
    );
    process.exit(2);
  }
  const from = argument('from') ?? liveColour();
  switchColour({ to, from, steps: composeSteps({ tag, skipMigrate: process.argv.includes('--skip-migrate') }) }).then(
    (result) => console.log(JSON.stringify({ msg: 'switched', ...result })),
    (error) => {
      console.error(
        JSON.stringify({ msg: 'switch failed', error: String(error instanceof Error ? error.message : error) }),
      );
      process.exit(1);
    },
  );
}
