// The blue/green drill (issue 16 part 4), shared by `npm run drill:bluegreen` (bench/bluegreen.mts)
// and its short mode in tests/ops/bluegreen.test.ts.
//
// Real pieces: Debian's nginx (/usr/sbin/nginx) run as a non-daemon with its own prefix under a
// temp dir and the repository's ops/nginx/nginx.conf (paths and port rewritten, nothing else), two
// process sets (api + worker + web per colour, the built dist/ and .next), one Postgres database
// and one Redis prefix shared by both, and the provider sandbox. The switch is
// ops/deploy/switch.mjs's switchColour() with local steps: guard, migrate, start, /readyz, write
// the upstream include + `nginx -s reload`, wait for the old nginx workers to go, SIGTERM the old
// colour (web, api, worker) and require exit 0.
//
// Load, all through nginx, each shopper from its own loopback address (127.x.y.z, so per-address
// limits see many shoppers as production would): storefront reads (API, and the web pages when
// the web runs) and checkouts (cart line, place order, pay with the sandbox's M-Pesa, poll the
// payment until paid). A request fails if it errors or answers anything but the expected status.
// orders_lost: orders the shopper was told were placed that are missing from the database, plus
// orders whose payment was accepted (the sandbox pays every drill phone) that are not paid at the end.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runMigrations, provisionAppRole } from '@sokoni/db';
import { switchColour, upstreamConf, writeAtomically } from '../../ops/deploy/switch.mjs';
import { checkRepository } from '../../ops/deploy/migration-guard.mjs';
import { configureSandboxWhatsApp } from '../../scripts/lib/sandbox-setup.mjs';
import { APP_ROLE, createTestDatabase, type TestDatabase } from './database';
import { paymentEnv, startSandbox, TEST_WHATSAPP } from './payment-stack';
import { freePort, ROOT, startRaw, WEB_NODE_FLAGS, type RunningProcess } from './processes';
import { waitUntil } from './wait';

export const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
export const WEB_BUILT = existsSync(path.join(ROOT, 'apps/web/.next/BUILD_ID'));

type Colour = 'blue' | 'green';

export interface DrillOptions {
  /** Colour flips while the load runs (after the first deploy of blue). */
  flips: number;
  /** Each phase (before the first flip, between flips, after the last) lasts at least this long... */
  phaseMs: number;
  /** ...and until this many checkouts have completed in it. */
  checkoutsPerPhase: number;
  readers: number;
  buyers: number;
  /** Run the web tier per colour (needs apps/web/.next). */
  web: boolean;
  log?: (line: string) => void;
}

interface Failure {
  kind: string;
  status: number | null;
  error: string;
  colourLive: Colour | null;
  at_ms: number;
}

export interface DrillResult {
  requests: number;
  failed: number;
  orders_lost: number;
  orders_placed: number;
  orders_paid: number;
  payments_started: number;
  flips: number;
  web: boolean;
  readers: number;
  buyers: number;
  duration_s: number;
  by_kind: Record<string, { requests: number; failed: number; retried: number }>;
  /** Requests sent a second time after a kept-alive connection closed under them (see closedBeforeAnswer). */
  retried: number;
  switches: {
    to: string;
    from: string | null;
    timings: Record<string, number>;
    drained: Record<string, number | null> | null;
  }[];
  failures: Failure[];
  lost: { orderId: string; reason: string }[];
}

/** The parts of API answers the load reads (anything else: an error body, a page, { raw }). */
interface Body extends Record<string, unknown> {
  cart?: { token: string };
  order?: { id: string };
  payment?: { id: string; status: string };
}

interface Reply {
  status: number;
  body: Body;
  /** Sent twice: the first try went out on a kept-alive connection the server had just closed. */
  retried: boolean;
}

/**
 * The HTTP/1.1 keep-alive race (RFC 9112 section 9.3.1): a server may close an idle kept-alive
 * connection (nginx does, in its old workers, on every reload) just as the client sends the next
 * request on it; the client sees the connection close with no response at all. Browsers send the
 * request again on a new connection, and so does the drill, once, only in that case: a reused
 * connection and no byte of an answer. Safe for the POSTs here too: orders and payments carry an
 * Idempotency-Key, so a repeat answers the first attempt. Counted separately (`retried`).
 */
function closedBeforeAnswer(req: http.ClientRequest, error: NodeJS.ErrnoException, answered: boolean): boolean {
  return req.reusedSocket && !answered && (error.code === 'ECONNRESET' || error.message === 'socket hang up');
}

/** One HTTP request over a given agent (keep-alive, bound to the shopper's address). */
function send(
  agent: http.Agent,
  url: string,
  method: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
  retry = true,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...options.headers,
        },
        timeout: 30_000,
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: Body = { raw: text.slice(0, 300) };
          if (String(res.headers['content-type'] ?? '').includes('json')) {
            try {
              body = JSON.parse(text) as Body;
            } catch {
              /* keep the text */
            }
          }
          resolve({ status: res.statusCode ?? 0, body, retried: false });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out after 30 s')));
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (retry && closedBeforeAnswer(req, error, answered))
        send(agent, url, method, options, false).then((reply) => resolve({ ...reply, retried: true }), reject);
      else reject(error);
    });
    req.end(payload);
  });
}

/** A loopback address per shopper: 127.<a>.<b>.<c>, never 127.0.0.x. */
function shopperAddress(n: number): string {
  const v = n + 256;
  return `127.${1 + ((v >> 16) & 0x7f)}.${(v >> 8) & 0xff}.${v & 0xff || 1}`;
}

/** ops/nginx/nginx.conf with only paths, the port and the worker count changed; fails if one is not found. */
function drillNginxConf(dir: string, port: number): string {
  let conf = readFileSync(path.join(ROOT, 'ops/nginx/nginx.conf'), 'utf8');
  const tmp = path.join(dir, 'tmp');
  const edits: [string, string][] = [
    ['worker_processes auto;', 'worker_processes 1;'],
    ['pid /var/run/nginx.pid;', `pid ${dir}/nginx.pid;`],
    ['/var/cache/nginx/sokoni', `${dir}/cache`],
    ['/etc/nginx/sokoni-upstream/', `${dir}/upstream/`],
    ['listen 80 default_server;', `listen 127.0.0.1:${port} default_server;`],
    ['access_log /dev/stdout sokoni_json;', `access_log ${dir}/access.log sokoni_json;`],
    ['error_log /dev/stderr warn;', `error_log ${dir}/error.log warn;`],
    [
      'http {',
      `http {\n  client_body_temp_path ${tmp}/body;\n  proxy_temp_path ${tmp}/proxy;\n  fastcgi_temp_path ${tmp}/fastcgi;\n  uwsgi_temp_path ${tmp}/uwsgi;\n  scgi_temp_path ${tmp}/scgi;`,
    ],
  ];
  for (const [from, to] of edits) {
    if (!conf.includes(from)) throw new Error(`ops/nginx/nginx.conf no longer contains "${from}": update the drill`);
    conf = conf.replace(from, to);
  }
  mkdirSync(tmp, { recursive: true });
  mkdirSync(path.join(dir, 'upstream'), { recursive: true });
  mkdirSync(path.join(dir, 'cache'), { recursive: true });
  const file = path.join(dir, 'nginx.conf');
  writeFileSync(file, conf);
  return file;
}

interface ColourSet {
  api: RunningProcess & { url: string };
  worker: RunningProcess;
  web: (RunningProcess & { url: string }) | null;
}

export async function runBlueGreenDrill(options: DrillOptions): Promise<DrillResult> {
  const log = options.log ?? (() => undefined);
  const cleanups: (() => unknown)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await Promise.resolve(step()).catch(() => undefined);
  };
  const started = Date.now();
  try {
    // ---- shared pieces: database, sandbox, nginx ----
    const db: TestDatabase = await createTestDatabase({ seed: true });
    cleanups.push(() => db.drop());
    const sandbox = await startSandbox();
    cleanups.push(() => sandbox.stop());
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sokoni-bluegreen-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const edgePort = await freePort();
    const conf = drillNginxConf(dir, edgePort);
    const nginxArgs = ['-e', 'stderr', '-p', `${dir}/`, '-c', conf];
    const nginxCommand = (...args: string[]) => {
      const result = spawnSync(NGINX, [...nginxArgs, ...args], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`nginx ${args.join(' ')} failed: ${result.stderr}`);
    };
    nginxCommand('-t');
    const nginx = startRaw(NGINX, [...nginxArgs, '-g', 'daemon off;'], { PATH: process.env.PATH });
    cleanups.push(() => nginx.stop('SIGQUIT'));
    const edge = `http://127.0.0.1:${edgePort}`;
    await waitUntil(
      'nginx to answer',
      () =>
        fetch(`${edge}/nginx-health`).then(
          (r) => r.status,
          () => 0,
        ),
      (s) => s === 200,
    );

    const apiPorts: Record<Colour, number> = { blue: await freePort(), green: await freePort() };
    const webPorts: Record<Colour, number> = { blue: await freePort(), green: await freePort() };
    // One environment for both colours (same database, same Redis prefix); callbacks and
    // WhatsApp status webhooks come back through nginx to whichever colour is live.
    const env = paymentEnv(
      db,
      sandbox.url,
      {
        PUBLIC_API_URL: `${edge}/api`,
        RATE_LIMIT_MAX: '100000000',
        SHUTDOWN_GRACE_MS: '20000',
        DB_POOL_MAX: '8',
        WORKER_CONCURRENCY: '8',
      },
      sandbox.smtpPort,
    );
    const running: Partial<Record<Colour, ColourSet>> = {};
    cleanups.push(async () => {
      for (const set of Object.values(running)) await Promise.all([set.web?.stop(), set.api.stop(), set.worker.stop()]);
    });
    let live: Colour | null = null;

    const steps = {
      log: (msg: string, fields: Record<string, unknown> = {}) => log(`[switch] ${msg} ${JSON.stringify(fields)}`),
      guard: () => {
        const { problems } = checkRepository();
        if (problems.length) throw new Error((problems as { message: string }[]).map((p) => p.message).join('\n'));
      },
      migrate: async () => {
        await runMigrations(db.ownerUrl);
        await provisionAppRole(db.ownerUrl, APP_ROLE);
      },
      // Start = spawn (as `docker compose up -d` does); ready = the switch polls until the api
      // answers /readyz, the worker has started its queues and the web answers (2 min at most:
      // a start on this shared box can take longer than the test helpers' 30 s).
      start: (colour: Colour) => {
        const apiUrl = `http://127.0.0.1:${apiPorts[colour]}`;
        const api = startRaw(process.execPath, ['apps/api/dist/main.js'], {
          ...env,
          PORT: String(apiPorts[colour]),
          HOST: '127.0.0.1',
        });
        const worker = startRaw(process.execPath, ['apps/api/dist/worker.main.js'], env);
        let web: ColourSet['web'] = null;
        if (options.web) {
          const webUrl = `http://127.0.0.1:${webPorts[colour]}`;
          web = {
            ...startRaw(
              process.execPath,
              [...WEB_NODE_FLAGS, 'server.mjs'],
              {
                PATH: process.env.PATH,
                HOME: process.env.HOME,
                NODE_ENV: 'production',
                API_URL: apiUrl,
                NEXT_TELEMETRY_DISABLED: '1',
                PLATFORM_DOMAIN: 'localhost',
                PORT: String(webPorts[colour]),
                WEB_TRUSTED_PROXIES: '127.0.0.1',
                ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
              },
              path.join(ROOT, 'apps/web'),
            ),
            url: webUrl,
          };
        }
        running[colour] = { api: { ...api, url: apiUrl }, worker, web };
      },
      ready: async (colour: Colour) => {
        const set = running[colour];
        if (!set) return false;
        for (const [name, proc] of Object.entries({ api: set.api, worker: set.worker, web: set.web })) {
          if (proc && (proc.child.exitCode !== null || proc.child.signalCode !== null))
            throw new Error(`${name}-${colour} exited while starting:\n${proc.lines.slice(-15).join('\n')}`);
        }
        if (!set.worker.logs().some((e) => e.msg === 'worker started')) return false;
        const api = await fetch(`${set.api.url}/readyz`).then(
          (r) => r.status,
          () => 0,
        );
        if (api !== 200) return false;
        if (!set.web) return true;
        return fetch(`${set.web.url}/`).then(
          (r) => r.status < 500,
          () => false,
        );
      },
      flip: (colour: Colour) => {
        const set = running[colour]!;
        writeAtomically(
          path.join(dir, 'upstream', 'live.conf'),
          upstreamConf(colour, {
            api: set.api.url.replace('http://', ''),
            // No web in this run: the web upstream points at the api, and no web request is sent.
            web: (set.web ?? set.api).url.replace('http://', ''),
          }),
        );
        nginxCommand('-t');
        nginxCommand('-s', 'reload');
      },
      edgeColour: () => fetch(`${edge}/nginx-colour`).then(async (r) => (await r.text()).trim()),
      // The nginx master's children (its workers; the cache helpers are none here), by pid.
      edgeWorkers: () =>
        execFileSync('ps', ['-o', 'pid=', '--ppid', String(nginx.child.pid)], { encoding: 'utf8' })
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => Number(line.trim())),
      stop: async (colour: Colour) => {
        const set = running[colour];
        if (!set) return {};
        const codes: Record<string, number | null> = {};
        if (set.web) codes[`web-${colour}`] = await set.web.stop();
        codes[`api-${colour}`] = await set.api.stop();
        codes[`worker-${colour}`] = await set.worker.stop();
        delete running[colour];
        return codes;
      },
    };

    const switches: DrillResult['switches'] = [];
    const flipTo = async (to: Colour) => {
      log(`[drill] switching ${live ?? '(nothing)'} -> ${to}`);
      const result = (await switchColour({ to, from: live, steps })) as DrillResult['switches'][number];
      switches.push(result);
      live = to;
    };

    // ---- first deploy (no load yet), then the store data the load needs ----
    await flipTo('blue');
    const stores = await withPool(db.ownerUrl, (pool) => planStores(pool, edge, options.readers + options.buyers));
    await configureSandboxWhatsApp({
      sandboxUrl: sandbox.url,
      apiUrl: `${edge}/api`,
      ...TEST_WHATSAPP,
      stores: stores.filter((s) => s.whatsapp).map((s) => s.whatsapp!),
    });

    // ---- load ----
    const stats = new Map<string, { requests: number; failed: number; retried: number }>();
    const failures: Failure[] = [];
    const placed: { orderId: string; store: string }[] = [];
    const paymentsStarted = new Set<string>();
    let checkouts = 0;
    let shopperCounter = 0;
    let running_ = true;

    const count = async (kind: string, expected: number[], call: () => Promise<Reply>): Promise<Reply | null> => {
      const entry = stats.get(kind) ?? { requests: 0, failed: 0, retried: 0 };
      stats.set(kind, entry);
      entry.requests++;
      try {
        const reply = await call();
        if (reply.retried) entry.retried++;
        if (expected.includes(reply.status)) return reply;
        entry.failed++;
        failures.push({
          kind,
          status: reply.status,
          error: JSON.stringify(reply.body).slice(0, 300),
          colourLive: live,
          at_ms: Date.now() - started,
        });
      } catch (error) {
        entry.failed++;
        failures.push({
          kind,
          status: null,
          error: String((error as Error).message ?? error),
          colourLive: live,
          at_ms: Date.now() - started,
        });
      }
      return null;
    };

    const reader = async (n: number) => {
      const agent = new http.Agent({ keepAlive: true, localAddress: shopperAddress(shopperCounter++) });
      try {
        for (let i = 0; running_; i++) {
          const store = stores[(n + i) % stores.length]!;
          const product = store.products[i % store.products.length]!;
          await count('read_api_list', [200], () =>
            send(agent, `${edge}/api/v1/stores/${store.slug}/products?limit=12`, 'GET'),
          );
          await count('read_api_product', [200], () =>
            send(agent, `${edge}/api/v1/stores/${store.slug}/products/${product}`, 'GET'),
          );
          if (options.web) {
            await count('read_web_home', [200], () => send(agent, `${edge}/s/${store.slug}`, 'GET'));
            await count('read_web_product', [200], () =>
              send(agent, `${edge}/s/${store.slug}/products/${product}`, 'GET'),
            );
          }
        }
      } finally {
        agent.destroy();
      }
    };

    const buyer = async () => {
      while (running_) {
        const shopper = shopperCounter++;
        const store = stores[shopper % stores.length]!;
        const sku = store.skus.shift();
        if (!sku) return; // out of planned stock for this store
        const agent = new http.Agent({ keepAlive: true, localAddress: shopperAddress(shopper) });
        try {
          const api = `${edge}/api/v1/stores/${store.slug}`;
          const cart = await count('cart_add', [200, 201], () =>
            send(agent, `${api}/cart/lines`, 'POST', { body: { sku, quantity: 1 } }),
          );
          if (!cart) continue;
          const phone = `2547${String(shopper % 10_000).padStart(4, '0')}0000`;
          const order = await count('order_place', [201], () =>
            send(agent, `${api}/orders`, 'POST', {
              body: { phone, name: `Drill shopper ${shopper}`, areaSlug: store.area },
              headers: { 'idempotency-key': `drill-order-${randomUUID()}`, 'x-cart-token': cart.body.cart!.token },
            }),
          );
          if (!order) continue;
          const orderId = order.body.order!.id;
          placed.push({ orderId, store: store.slug });
          const payment = await count('pay_start', [201], () =>
            send(agent, `${api}/orders/${orderId}/payments`, 'POST', {
              body: {},
              headers: { 'idempotency-key': `drill-pay-${randomUUID()}` },
            }),
          );
          if (!payment) continue;
          paymentsStarted.add(orderId);
          const paymentId = payment.body.payment!.id;
          const deadline = Date.now() + 30_000;
          for (;;) {
            const status = await count('pay_status', [200], () =>
              send(agent, `${api}/orders/${orderId}/payments/${paymentId}`, 'GET'),
            );
            const state = status?.body.payment?.status;
            if (!status || (state !== 'pending' && state !== 'initiating') || Date.now() > deadline) break;
            await new Promise((r) => setTimeout(r, 300));
          }
          checkouts++;
        } finally {
          agent.destroy();
        }
      }
    };

    const load = [
      ...Array.from({ length: options.readers }, (_, n) => reader(n)),
      ...Array.from({ length: options.buyers }, () => buyer()),
    ];
    const phase = async (name: string) => {
      const from = checkouts;
      const begun = Date.now();
      await waitUntil(
        `${name}: ${options.checkoutsPerPhase} checkouts and ${options.phaseMs} ms of load`,
        () => ({ checkouts: checkouts - from, ms: Date.now() - begun }),
        (p) => p.checkouts >= options.checkoutsPerPhase && p.ms >= options.phaseMs,
        { timeoutMs: options.phaseMs + 120_000, intervalMs: 100 },
      );
    };
    try {
      await phase('before the first flip');
      for (let i = 0; i < options.flips; i++) {
        await flipTo(live === 'blue' ? 'green' : 'blue');
        await phase(`after flip ${i + 1}`);
      }
    } finally {
      running_ = false;
      await Promise.all(load);
    }
    log(`[drill] load stopped: ${checkouts} checkouts`);

    // ---- what became of every order ----
    const lost = await withPool(db.ownerUrl, async (pool) => {
      const ids = placed.map((p) => p.orderId);
      const paying = [...paymentsStarted];
      // Payments settle through the callback job (or the sweeper/STK query if a callback was
      // lost): give them the sweeper's time before calling one lost.
      await waitUntil(
        'every paid-for order to be paid',
        async () =>
          (
            await pool.query<{ n: string }>(
              `SELECT count(*) AS n FROM orders WHERE id = ANY($1::uuid[]) AND status = 'paid'`,
              [paying],
            )
          ).rows[0]!.n,
        (n) => Number(n) >= paying.length,
        { timeoutMs: 60_000, intervalMs: 500 },
      ).catch(() => undefined);
      const rows = (
        await pool.query<{ id: string; status: string }>(`SELECT id, status FROM orders WHERE id = ANY($1::uuid[])`, [
          ids,
        ])
      ).rows;
      const status = new Map(rows.map((r) => [r.id, r.status]));
      const out: { orderId: string; reason: string }[] = [];
      for (const id of ids) {
        if (!status.has(id)) out.push({ orderId: id, reason: 'placed (201) but not in the database' });
        else if (paymentsStarted.has(id) && status.get(id) !== 'paid')
          out.push({ orderId: id, reason: `payment accepted but order is ${status.get(id)}` });
      }
      return out;
    });
    const ordersPaid = await withPool(db.ownerUrl, async (pool) =>
      Number(
        (
          await pool.query<{ n: string }>(
            `SELECT count(*) AS n FROM orders WHERE id = ANY($1::uuid[]) AND status = 'paid'`,
            [placed.map((p) => p.orderId)],
          )
        ).rows[0]!.n,
      ),
    );

    const by_kind = Object.fromEntries([...stats.entries()].sort());
    const requests = [...stats.values()].reduce((s, e) => s + e.requests, 0);
    const failed = [...stats.values()].reduce((s, e) => s + e.failed, 0);
    const retried = [...stats.values()].reduce((s, e) => s + e.retried, 0);
    return {
      requests,
      failed,
      retried,
      orders_lost: lost.length,
      orders_placed: placed.length,
      orders_paid: ordersPaid,
      payments_started: paymentsStarted.size,
      flips: options.flips,
      web: options.web,
      readers: options.readers,
      buyers: options.buyers,
      duration_s: Math.round((Date.now() - started) / 100) / 10,
      by_kind,
      switches,
      failures: failures.slice(0, 50),
      lost: lost.slice(0, 50),
    };
  } finally {
    await cleanup();
  }
}

async function withPool<T>(url: string, fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // pg's rule: a pool needs an error listener, or an idle client the server drops (the database is
  // dropped after the drill; end() does not wait for its clients to close) is an uncaught exception.
  pool.on('error', () => undefined);
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

interface StorePlan {
  slug: string;
  area: string;
  products: string[];
  /** One SKU per planned checkout (stock for each, with a margin). */
  skus: string[];
  whatsapp: { phoneNumberId: string; displayPhoneNumber: string } | null;
}

const AREAS = ['kilimani', 'westlands', 'cbd', 'kileleshwa', 'lavington', 'parklands', 'south-b', 'karen'];

async function planStores(pool: pg.Pool, edge: string, _shoppers: number): Promise<StorePlan[]> {
  const tenants = (
    await pool.query<{ id: string; slug: string; phone_number_id: string | null; whatsapp_number: string | null }>(
      `SELECT t.id, t.slug, m.whatsapp_phone_number_id AS phone_number_id, t.whatsapp_number
         FROM tenants t LEFT JOIN messaging_settings m ON m.tenant_id = t.id
        WHERE t.status = 'active' ORDER BY t.slug`,
    )
  ).rows;
  const plans: StorePlan[] = [];
  for (const t of tenants) {
    let area: string | null = null;
    for (const candidate of AREAS) {
      const res = await fetch(`${edge}/api/v1/stores/${t.slug}/delivery/quote?area=${candidate}&subtotal=1000`);
      const body = (await res.json()) as { deliverable?: boolean };
      if (res.status === 200 && body.deliverable) {
        area = candidate;
        break;
      }
    }
    if (!area) continue;
    const products = (
      await pool.query<{ slug: string }>(
        `SELECT slug FROM products WHERE tenant_id = $1 AND status = 'active' ORDER BY slug LIMIT 20`,
        [t.id],
      )
    ).rows.map((r) => r.slug);
    const variants = (
      await pool.query<{ sku: string; on_hand: number }>(
        `SELECT v.sku, v.on_hand FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
          WHERE v.tenant_id = $1 AND v.on_hand >= 5 AND v.status = 'active' AND p.status = 'active' AND v.price_kes BETWEEN 1 AND 200000
          ORDER BY v.sku`,
        [t.id],
      )
    ).rows;
    const skus: string[] = [];
    for (let round = 0; ; round++) {
      const before = skus.length;
      for (const v of variants) if (round < v.on_hand - 2) skus.push(v.sku);
      if (skus.length === before) break;
    }
    if (!products.length || !skus.length) continue;
    plans.push({
      slug: t.slug,
      area,
      products,
      skus,
      whatsapp:
        t.phone_number_id && t.whatsapp_number
          ? { phoneNumberId: t.phone_number_id, displayPhoneNumber: t.whatsapp_number }
          : null,
    });
  }
  if (!plans.length) throw new Error('no seeded store with a deliverable area and stock');
  return plans;
}
