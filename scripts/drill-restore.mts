// `npm run drill:restore`: the backup/restore drill, for real, on this machine's Postgres binaries.
//
//  1. initdb a throwaway cluster on a free port with WAL archiving on (ops/backup/archive-wal.sh),
//     track_commit_timestamp on; migrate, seed, and record every version of every orders and
//     payments row (a drill-only trigger) so "what was committed at time T" is known exactly.
//  2. Start the real sandbox, API and worker against it (own Redis DB index + key prefix), and
//     place and pay orders continuously through the API (some pay by callback, some only by STK
//     Query: their job sits delayed in Redis).
//  3. Base backup #1 mid-stream (ops/backup/base-backup.sh), keep writing; FLUSHDB the drill's
//     Redis DB (carts, queued and delayed jobs, job schedules gone) and restart the worker as the
//     runbook says; base backup #2 with BACKUP_KEEP=1, so retention drops #1 and its WAL.
//  4. Note T from the database clock, keep writing, stop; every order must end up paid (the
//     payments sweeper picks up what the flush lost).
//  5. ops/backup/restore.sh recovers a NEW cluster to T; compare: every orders/payments row as it
//     stood at T (per commit timestamps) is there and identical, nothing committed after T is.
//
// Writes bench/results/restore.json (or DRILL_RESULT_FILE) and prints one line of key figures;
// exits non-zero when a row is lost or extra, or an order is left unpaid.
// Env: DRILL_SHORT=1 (a short run for tests/ops), DRILL_REDIS_DB (13), DRILL_SHOPPERS (4, short 2),
// DRILL_ARCHIVE_TIMEOUT_S (10, short 3), PG_BIN (/usr/lib/postgresql/15/bin), DRILL_KEEP=1 (keep
// the temporary directory), DRILL_SKIP_BUILD=1 (dist/ is already built).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import pg from 'pg';
import { provisionAppRole, runMigrations } from '@sokoni/db';
import { seedDemo } from '@sokoni/db/dist/seed/index.js';
import { build } from './lib/build.mjs';
import { APP_ROLE, TEST_MPESA_ENCRYPTION_KEY, type TestDatabase } from '../tests/helpers/database.ts';
import { paymentEnv, TEST_WHATSAPP } from '../tests/helpers/payment-stack.ts';
import { configureSandboxWhatsApp } from './lib/sandbox-setup.mjs';
import { freePort, ROOT, startRaw, type RunningProcess } from '../tests/helpers/processes.ts';

const SHORT = process.env.DRILL_SHORT === '1' || process.argv.includes('--short');
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const REDIS_DB = Number(process.env.DRILL_REDIS_DB ?? 13);
const REDIS_BASE = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SHOPPERS = Number(process.env.DRILL_SHOPPERS ?? (SHORT ? 2 : 4));
const ARCHIVE_TIMEOUT_S = Number(process.env.DRILL_ARCHIVE_TIMEOUT_S ?? (SHORT ? 3 : 10));
/**
 * Seconds of writing in each phase: before backup #1, before the flush, before backup #2, before T,
 * after T. The short mode takes backup #1 while the stack starts (it is only there to be pruned).
 */
const PHASES = SHORT ? [0, 0.5, 1, 1.5, 1.5] : [8, 8, 6, 8, 8];
/** Share of orders paid by a phone whose push never gets a callback: only the STK Query (a delayed job) settles them. */
const NO_CALLBACK_PCT = 25;
/** The worker waits this long before its STK Query: jobs delayed at the flush are lost and left to the sweeper. */
const QUERY_AFTER_MS = 4000;
const DRAIN_TIMEOUT_MS = 90_000;
/** What the worker's payment sweeper logs when it settled something whose job was lost. */
const SWEEPER_DID_WORK = 'payment sweeper did work whose job had not run';
const PREFIX = `drill-restore-${randomBytes(3).toString('hex')}:`;
const RESULT_FILE = process.env.DRILL_RESULT_FILE ?? path.join(ROOT, 'bench/results/restore.json');
const STORES = ['nairobi-gadgets', 'mtindo-fashion', 'saa-bora', 'nyumba-living'] as const;
const AREA_CANDIDATES = ['kilimani', 'westlands', 'cbd', 'kileleshwa', 'lavington', 'parklands', 'south-b', 'karen'];

if (!Number.isInteger(REDIS_DB) || REDIS_DB < 1 || REDIS_DB > 15)
  throw new Error('DRILL_REDIS_DB must be 1..15 (never the shared default DB 0)');

type Json = Record<string, unknown>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => Math.round(ms / 10) / 100;
const t0 = performance.now();
const say = (msg: string) => process.stdout.write(`[drill +${seconds(performance.now() - t0)}s] ${msg}\n`);

// ---- Running the Postgres tools: as the postgres user when we are root (initdb refuses root) ----
const asRoot = process.getuid?.() === 0;
const pgUser = asRoot ? (spawnSync('id', ['-u', 'postgres']).stdout.toString().trim() ? 'postgres' : null) : null;
if (asRoot && !pgUser) throw new Error('running as root needs a "postgres" user to own the throwaway clusters');

function wrap(command: string, args: string[]): [string, string[]] {
  return pgUser ? ['runuser', ['-u', pgUser, '--', command, ...args]] : [command, args];
}

/** Runs a tool to completion; throws with its output when it fails. */
function run(command: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const [cmd, argv] = wrap('env', [...Object.entries(env).map(([k, v]) => `${k}=${v}`), command, ...args]);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${err.slice(-3000)}${out.slice(-1000)}`)),
    );
  });
}

// ---- State for cleanup ----
const work = mkdtempSync(path.join(os.tmpdir(), 'sokoni-drill-'));
const dirs = {
  primary: path.join(work, 'primary'),
  archive: path.join(work, 'wal-archive'),
  backups: path.join(work, 'backups'),
  restored: path.join(work, 'restored'),
  media: path.join(work, 'media'),
};
for (const dir of [dirs.archive, dirs.backups, dirs.media]) mkdirSync(dir);
if (pgUser) {
  const uid = Number(spawnSync('id', ['-u', pgUser]).stdout.toString().trim());
  const gid = Number(spawnSync('id', ['-g', pgUser]).stdout.toString().trim());
  for (const dir of [work, dirs.archive, dirs.backups]) chownSync(dir, uid, gid);
}
const backupEnv = { WAL_ARCHIVE_DIR: dirs.archive, BACKUP_DIR: dirs.backups, PG_BIN };
const clusters: string[] = [];
const running: RunningProcess[] = [];
let worker: RunningProcess | undefined;
let redis: Redis | undefined;
let lockHeld = false;
const pools: pg.Pool[] = [];

async function startCluster(pgdata: string) {
  await run(path.join(PG_BIN, 'pg_ctl'), [
    '-D',
    pgdata,
    '-l',
    path.join(pgdata, 'server.log'),
    '-w',
    '-t',
    '120',
    'start',
  ]);
  clusters.push(pgdata);
}

async function cleanup() {
  await Promise.allSettled([worker?.stop(), ...running.map((p) => p.stop())]);
  await Promise.allSettled(pools.map((p) => p.end()));
  if (redis) {
    if (lockHeld) await redis.flushdb().catch(() => undefined);
    redis.disconnect();
  }
  for (const pgdata of clusters.reverse())
    await run(path.join(PG_BIN, 'pg_ctl'), ['-D', pgdata, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
  if (process.env.DRILL_KEEP === '1') say(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

let exitCode = 0;
try {
  if (process.env.DRILL_SKIP_BUILD !== '1') build({ web: false });
  const wall = performance.now();

  // ---- Redis: a DB index of our own, and nothing of anyone else's in it ----
  redis = new Redis(`${REDIS_BASE}/${REDIS_DB}`, { maxRetriesPerRequest: 2 });
  const foreignKeys = async () => {
    const [, keys] = await redis!.scan('0', 'COUNT', 1000);
    return keys.filter((k) => !k.startsWith('drill-restore-'));
  };
  // One drill per DB index at a time (the lock is set again right after the flush wipes it).
  const LOCK = 'drill-restore-lock';
  const lock = () => redis!.set(LOCK, PREFIX, 'EX', 900);
  if ((await redis.set(LOCK, PREFIX, 'EX', 900, 'NX')) !== 'OK')
    throw new Error(`another restore drill is using Redis DB ${REDIS_DB} (${LOCK}); set DRILL_REDIS_DB to another DB`);
  lockHeld = true;
  const foreign = await foreignKeys();
  if (foreign.length)
    throw new Error(
      `Redis DB ${REDIS_DB} holds keys that are not the drill's (${foreign.slice(0, 3).join(', ')}): set DRILL_REDIS_DB to an unused DB`,
    );

  // ---- 1. The throwaway primary ----
  const port = await freePort();
  await run(path.join(PG_BIN, 'initdb'), [
    '-D',
    dirs.primary,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  const archiveCommand = `WAL_ARCHIVE_DIR=${dirs.archive} ${path.join(ROOT, 'ops/backup/archive-wal.sh')} %p %f`;
  const conf = [
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = '${work}'`,
    `timezone = 'UTC'`,
    `wal_level = replica`,
    `archive_mode = on`,
    `archive_command = '${archiveCommand}'`,
    `archive_timeout = ${ARCHIVE_TIMEOUT_S}`,
    `max_wal_senders = 4`,
    `track_commit_timestamp = on`,
    `shared_buffers = 64MB`,
    `max_connections = 60`,
  ];
  writeFileSync(path.join(work, 'drill.conf'), conf.join('\n') + '\n');
  await run('sh', ['-c', `cat ${work}/drill.conf >> ${dirs.primary}/postgresql.conf`]);
  await startCluster(dirs.primary);
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const ownerUrl = `postgres://postgres@127.0.0.1:${port}/sokoni`;
  const admin = new pg.Pool({ connectionString: adminUrl, max: 1 });
  pools.push(admin);
  await admin.query('CREATE DATABASE sokoni');
  await runMigrations(ownerUrl);
  await provisionAppRole(ownerUrl, APP_ROLE);
  const primary = new pg.Pool({ connectionString: ownerUrl, max: 4 });
  pools.push(primary);
  const sql = async <T = Json,>(text: string, params: unknown[] = []) =>
    (await primary.query(text, params)).rows as T[];
  // Every version of every orders/payments row, with the transaction that wrote it: the truth the
  // restored cluster is checked against. Owned by the superuser, outside RLS; drill clusters only.
  await sql(`
    CREATE TABLE drill_orders_history (seq bigserial PRIMARY KEY, xid xid8 NOT NULL DEFAULT pg_current_xact_id(), r orders NOT NULL);
    CREATE TABLE drill_payments_history (seq bigserial PRIMARY KEY, xid xid8 NOT NULL DEFAULT pg_current_xact_id(), r payments NOT NULL);
    CREATE FUNCTION drill_record_order() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS
      $$ BEGIN INSERT INTO drill_orders_history (r) VALUES (NEW); RETURN NULL; END $$;
    CREATE FUNCTION drill_record_payment() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS
      $$ BEGIN INSERT INTO drill_payments_history (r) VALUES (NEW); RETURN NULL; END $$;
    CREATE TRIGGER drill_record AFTER INSERT OR UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION drill_record_order();
    CREATE TRIGGER drill_record AFTER INSERT OR UPDATE ON payments FOR EACH ROW EXECUTE FUNCTION drill_record_payment();
  `);
  const seedStarted = performance.now();
  const seeded = await seedDemo({ ownerUrl, mediaDir: dirs.media, mpesaEncryptionKey: TEST_MPESA_ENCRYPTION_KEY });
  say(`cluster on :${port} migrated and seeded in ${seconds(performance.now() - seedStarted)} s`);

  // ---- 2. The real stack against it ----
  const db: TestDatabase = {
    name: 'sokoni',
    ownerUrl,
    appUrl: '',
    mediaDir: dirs.media,
    seed: seeded,
    drop: () => Promise.resolve(),
  };
  const backup = async (keep: number) => {
    const started = performance.now();
    const out = await run(path.join(ROOT, 'ops/backup/base-backup.sh'), [], {
      ...backupEnv,
      BACKUP_KEEP: String(keep),
      BACKUP_DATABASE_URL: adminUrl,
      ...(SHORT ? { BACKUP_NO_SYNC: '1' } : {}),
    });
    return { dir: out.trim().split('\n').pop()!, seconds: seconds(performance.now() - started) };
  };
  const early = SHORT ? backup(7) : null;
  // Sandbox + API + worker as tests/helpers/payment-stack.ts wires them, with patient start-up
  // waits: on a machine this busy, booting can take longer than the helpers' 30 s.
  const STARTUP_MS = 180_000;
  const start = async (args: string[], env: NodeJS.ProcessEnv, ready: (e: Json) => boolean) => {
    const proc = startRaw(process.execPath, args, env);
    running.push(proc);
    return { proc, line: await proc.waitForLog(ready, STARTUP_MS) };
  };
  const sandboxPort = await freePort();
  const sandbox = await start(
    ['apps/sandbox/dist/main.js'],
    { PATH: process.env.PATH, PORT: String(sandboxPort), HOST: '127.0.0.1', LOG_LEVEL: 'info', SMTP_PORT: '0' },
    (e) => e.msg === 'smtp listening',
  );
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const apiPort = await freePort();
  const env = paymentEnv(
    db,
    sandboxUrl,
    {
      PUBLIC_API_URL: `http://127.0.0.1:${apiPort}`,
      REDIS_URL: `${REDIS_BASE}/${REDIS_DB}`,
      REDIS_KEY_PREFIX: PREFIX,
      RATE_LIMIT_MAX: '100000000',
      MPESA_QUERY_AFTER_MS: String(QUERY_AFTER_MS),
      DB_POOL_MAX: '8',
    },
    Number(sandbox.line.port),
  );
  const api = `http://127.0.0.1:${apiPort}`;
  // API and worker boot side by side (the worker only needs Postgres and Redis).
  worker = startRaw(process.execPath, ['apps/api/dist/worker.main.js'], env);
  await start(
    ['apps/api/dist/main.js'],
    { ...env, PORT: String(apiPort), HOST: '127.0.0.1' },
    (e) => e.msg === 'api listening',
  );
  await worker.waitForLog((e) => e.msg === 'worker started', STARTUP_MS);
  const whatsapp = await sql<{ phone_number_id: string; whatsapp_number: string }>(
    `SELECT m.whatsapp_phone_number_id AS phone_number_id, t.whatsapp_number FROM messaging_settings m
       JOIN tenants t ON t.id = m.tenant_id WHERE m.whatsapp_phone_number_id IS NOT NULL`,
  );
  await configureSandboxWhatsApp({
    sandboxUrl,
    apiUrl: api,
    ...TEST_WHATSAPP,
    stores: whatsapp.map((w) => ({ phoneNumberId: w.phone_number_id, displayPhoneNumber: w.whatsapp_number })),
  });

  async function http(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(url, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    let json: Json = {};
    try {
      json = text ? (JSON.parse(text) as Json) : {};
    } catch {
      json = { raw: text.slice(0, 200) };
    }
    return { status: res.status, body: json };
  }

  // Where each store delivers, and SKUs with stock to spare (each used at most on_hand - 2 times).
  const areaOf = new Map<string, string>();
  for (const store of STORES) {
    for (const area of AREA_CANDIDATES) {
      const quote = await http('GET', `${api}/v1/stores/${store}/delivery/quote?area=${area}&subtotal=1000`);
      if (quote.status === 200 && quote.body.deliverable) {
        areaOf.set(store, area);
        break;
      }
    }
    if (!areaOf.has(store)) throw new Error(`no deliverable area for ${store}`);
  }
  const slots: { store: string; sku: string }[] = [];
  const variants = await sql<{ slug: string; sku: string; on_hand: number }>(
    `SELECT t.slug, v.sku, v.on_hand FROM product_variants v
       JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id JOIN tenants t ON t.id = v.tenant_id
      WHERE t.slug = ANY($1) AND v.on_hand >= 5 AND v.status = 'active' AND p.status = 'active' AND v.price_kes BETWEEN 1 AND 200000
      ORDER BY v.sku`,
    [STORES],
  );
  for (let round = 0; ; round++) {
    const before = slots.length;
    for (const v of variants) if (round < v.on_hand - 2) slots.push({ store: v.slug, sku: v.sku });
    if (slots.length === before) break;
  }
  // Shuffled, so every store sees orders all the time.
  for (let i = slots.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [slots[i], slots[j]] = [slots[j]!, slots[i]!];
  }

  // ---- The load: shoppers placing and paying orders, one after another, until told to stop ----
  let stopping = false;
  let next = 0;
  const usedSkus = new Set<string>();
  const placed: { orderId: string; store: string; phone: string; noCallback: boolean }[] = [];
  const failures: { step: string; status: number; code: unknown; at: number }[] = [];
  async function shopper(index: number) {
    while (!stopping) {
      try {
        await checkout(index);
      } catch (error) {
        failures.push({ step: String(error), status: 0, code: 'exception', at: Date.now() });
        await sleep(200);
      }
    }
  }
  async function checkout(index: number) {
    const n = next++;
    const slot = slots[n];
    if (!slot) {
      stopping = true;
      return;
    }
    const noCallback = n % 100 < NO_CALLBACK_PCT;
    const phone = `2547${String(n % 10000).padStart(4, '0')}${noCallback ? '9000' : '0000'}`;
    const ip = `100.64.${index}.${(n % 250) + 1}`;
    const cart = await http(
      'POST',
      `${api}/v1/stores/${slot.store}/cart/lines`,
      { sku: slot.sku, quantity: 1 },
      {
        'x-forwarded-for': ip,
      },
    );
    if (cart.status !== 200) {
      failures.push({ step: 'cart', status: cart.status, code: (cart.body.error as Json)?.code, at: Date.now() });
      return;
    }
    const order = await http(
      'POST',
      `${api}/v1/stores/${slot.store}/orders`,
      { phone, name: `Drill ${n}`, areaSlug: areaOf.get(slot.store) },
      {
        'idempotency-key': `drill-order-${randomUUID()}`,
        'x-cart-token': String((cart.body.cart as Json).token),
        'x-forwarded-for': ip,
      },
    );
    if (order.status !== 201) {
      failures.push({ step: 'order', status: order.status, code: (order.body.error as Json)?.code, at: Date.now() });
      return;
    }
    const orderId = String((order.body.order as Json).id);
    placed.push({ orderId, store: slot.store, phone, noCallback });
    // A shopper whose Pay tap failed (Redis gone for a moment) taps again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const pay = await http(
        'POST',
        `${api}/v1/stores/${slot.store}/orders/${orderId}/payments`,
        {},
        {
          'idempotency-key': `drill-pay-${randomUUID()}`,
          'x-forwarded-for': ip,
        },
      );
      if (pay.status === 201 || pay.status === 200) break;
      failures.push({ step: 'pay', status: pay.status, code: (pay.body.error as Json)?.code, at: Date.now() });
      await sleep(300);
    }
  }
  const loadStarted = performance.now();
  const load = Promise.all(Array.from({ length: SHOPPERS }, (_, i) => shopper(i)));
  const phase = async (i: number) => {
    await sleep(PHASES[i]! * 1000);
    if (stopping) throw new Error('the load stopped early (ran out of stock slots?)');
  };

  // ---- 3. Backup #1 mid-stream; Redis flush; backup #2 (retention drops #1) ----
  await phase(0);
  const backup1 = early ? await early : await backup(7);
  say(`base backup #1 ${path.basename(backup1.dir)} in ${backup1.seconds} s (${placed.length} orders so far)`);
  await phase(1);

  // A canary the flush is sure to hit: a push with no callback coming, whose STK Query job is
  // still delayed in Redis when the flush wipes it. Only the sweeper can settle it afterwards.
  const placeCanary = async (attempt: number) => {
    const store = STORES[0];
    const slot = slots.find((x) => x.store === store && !usedSkus.has(x.sku)) ?? slots.find((x) => x.store === store)!;
    const ip = '100.64.99.1';
    const phone = `2547999${attempt}9000`;
    const cart = await http(
      'POST',
      `${api}/v1/stores/${store}/cart/lines`,
      { sku: slot.sku, quantity: 1 },
      { 'x-forwarded-for': ip },
    );
    const order = await http(
      'POST',
      `${api}/v1/stores/${store}/orders`,
      { phone, name: 'Flush canary', areaSlug: areaOf.get(store) },
      {
        'idempotency-key': `drill-canary-${randomUUID()}`,
        'x-cart-token': String((cart.body.cart as Json)?.token),
        'x-forwarded-for': ip,
      },
    );
    if (order.status !== 201) throw new Error(`canary order: ${order.status} ${JSON.stringify(order.body)}`);
    const orderId = String((order.body.order as Json).id);
    const pay = await http(
      'POST',
      `${api}/v1/stores/${store}/orders/${orderId}/payments`,
      {},
      {
        'idempotency-key': `drill-canary-pay-${randomUUID()}`,
        'x-forwarded-for': ip,
      },
    );
    if (pay.status !== 201) throw new Error(`canary payment: ${pay.status} ${JSON.stringify(pay.body)}`);
    const paymentId = String((pay.body.payment as Json).id);
    const [row] = await sql<{ status: string; age_ms: number }>(
      `SELECT status, (extract(epoch FROM clock_timestamp() - created_at) * 1000)::int AS age_ms FROM payments WHERE id = $1`,
      [paymentId],
    );
    placed.push({ orderId, store, phone, noCallback: true });
    // On a very busy machine the answer can come too late to be sure the job is still waiting:
    // the push must be open, its first STK Query still in BullMQ's delayed set, and due more than
    // a second from now, so the flush a few Redis commands later is sure to take it.
    const delayed = await redis!.zscore(`${PREFIX}bull:payments:delayed`, `query-${paymentId}-1`);
    return row?.status === 'pending' && delayed !== null && row.age_ms < QUERY_AFTER_MS - 1000
      ? { orderId, paymentId }
      : null;
  };
  // Checked before the canary, so the flush follows the canary's check at once: on a busy machine
  // these took over a second, its STK Query job ran before the flush, and nothing was left for the
  // sweeper to recover (a CI run saw recovered_by_sweeper = 0).
  const foreignAtFlush = await foreignKeys();
  if (foreignAtFlush.length) throw new Error(`Redis DB ${REDIS_DB} has foreign keys now; not flushing it`);
  let canary: { orderId: string; paymentId: string } | null = null;
  for (let attempt = 0; !canary; attempt++) {
    if (attempt === 3) throw new Error('could not place a canary payment whose STK Query job was still delayed');
    canary = await placeCanary(attempt);
  }
  const keysBefore = await redis.dbsize();
  await redis.flushdb();
  const pendingAtFlush = (
    await sql<{ n: number }>(`SELECT count(*)::int AS n FROM payments WHERE status IN ('initiating', 'pending')`)
  )[0]!.n;
  await lock();
  const flushedAt = Date.now();
  say(
    `FLUSHDB on Redis DB ${REDIS_DB}: ${keysBefore} keys gone, ${pendingAtFlush} payments open; restarting the worker`,
  );
  // The worker re-creates its job schedules (the 15 s payments sweeper among them) only at boot.
  const restartStarted = performance.now();
  await worker.stop();
  const workerBeforeFlush = worker;
  worker = startRaw(process.execPath, ['apps/api/dist/worker.main.js'], env);
  await worker.waitForLog((e) => e.msg === 'worker started', STARTUP_MS);
  const workerRestartSeconds = seconds(performance.now() - restartStarted);
  const schedulesAfterRestart = (await redis.keys(`${PREFIX}*:repeat`)).length;
  await phase(2);

  const archivedBefore2 = readdirSync(dirs.archive).filter((f) => /^[0-9A-F]{24}$/.test(f)).length;
  const backup2 = await backup(1);
  const archivedAfter2 = readdirSync(dirs.archive).filter((f) => /^[0-9A-F]{24}$/.test(f)).length;
  const backupsKept = readdirSync(dirs.backups).filter((f) => f.startsWith('base-'));
  say(
    `base backup #2 ${path.basename(backup2.dir)} in ${backup2.seconds} s; kept ${backupsKept.join(', ')}; WAL segments ${archivedBefore2} -> ${archivedAfter2}`,
  );
  await phase(3);

  // ---- 4. T, from the database clock; more writes after it ----
  const [{ t, wal }] = (await sql<{ t: string; wal: string }>(
    `SELECT clock_timestamp()::text AS t, pg_walfile_name(pg_current_wal_lsn()) AS wal`,
  )) as [{ t: string; wal: string }];
  const tNoted = performance.now();
  say(`T = ${t} (${placed.length} orders placed so far)`);
  // The RPO: how long until the WAL holding T is in the archive, on its own (archive_timeout).
  let walLagMs: number | null = null;
  const lagWatch = (async () => {
    while (walLagMs === null && performance.now() - tNoted < 120_000) {
      const [row] = await sql<{ last: string | null }>('SELECT last_archived_wal AS last FROM pg_stat_archiver');
      if (row?.last && row.last.slice(0, 24) >= wal) walLagMs = performance.now() - tNoted;
      else await sleep(100);
    }
  })();
  await phase(4);
  stopping = true;
  await load;
  const loadSeconds = seconds(performance.now() - loadStarted);
  await lagWatch;

  // ---- Everything placed ends up paid: the sweeper settles what the flush lost (while we restore) ----
  const drainStarted = performance.now();
  const ids = placed.map((p) => p.orderId);
  let unpaid: { id: string; status: string }[] = [];
  let drainSeconds = 0;
  const drained = (async () => {
    while (performance.now() - drainStarted < DRAIN_TIMEOUT_MS) {
      unpaid = await sql<{ id: string; status: string }>(
        `SELECT id, status FROM orders WHERE id = ANY($1::uuid[]) AND status <> 'paid'`,
        [ids],
      );
      if (!unpaid.length) break;
      await sleep(500);
    }
    drainSeconds = seconds(performance.now() - drainStarted);
  })();
  // The archive must reach past T for recovery to stop there: close the current segment.
  const [{ switched }] = (await sql<{ switched: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS switched')) as [
    { switched: string },
  ];
  const archiveWait = performance.now();
  for (;;) {
    const [row] = await sql<{ last: string | null; failed: number }>(
      'SELECT last_archived_wal AS last, failed_count AS failed FROM pg_stat_archiver',
    );
    if (row?.last && row.last.slice(0, 24) >= switched) break;
    if (performance.now() - archiveWait > 60_000)
      throw new Error(`WAL ${switched} not archived in 60 s: ${JSON.stringify(row)}`);
    await sleep(100);
  }

  // ---- 5. Restore a NEW cluster to T ----
  const restorePort = await freePort();
  const restoreStarted = performance.now();
  await run(
    path.join(ROOT, 'ops/backup/restore.sh'),
    ['--pgdata', dirs.restored, '--target-time', t, '--port', String(restorePort), '--start'],
    backupEnv,
  );
  clusters.push(dirs.restored);
  const restoreSeconds = seconds(performance.now() - restoreStarted);
  const restoreLog = spawnSync('grep', [
    '-E',
    'recovery stopping|starting point-in-time|redo done',
    path.join(dirs.restored, 'restore.log'),
  ])
    .stdout.toString()
    .trim()
    .split('\n')
    .map((l) => l.replace(/^.*?(LOG|FATAL):\s+/, ''));
  say(
    `restored to T on :${restorePort} in ${restoreSeconds} s (from ${path.basename(backup2.dir)}): ${restoreLog.join(' | ')}`,
  );
  const restored = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${restorePort}/sokoni`, max: 2 });
  pools.push(restored);

  await drained;
  // The sweeper logs what it did after its settlements commit (and after its receipt lookups), so
  // the drain can see the last order paid before that line reaches us (a busy CI run read
  // recovered_by_sweeper = 0 with the canary paid): wait for the line, never for a fixed time.
  if (!unpaid.length)
    await worker
      .waitForLog((e) => e.msg === SWEEPER_DID_WORK && Number(e.callbacks ?? 0) + Number(e.queried ?? 0) > 0, 30_000)
      .catch(() => undefined);
  const sweeperLines = worker
    .logs()
    .filter((e) => e.msg === SWEEPER_DID_WORK)
    .map((e) => ({
      callbacks: Number(e.callbacks ?? 0),
      queried: Number(e.queried ?? 0),
      abandoned: Number(e.abandoned ?? 0),
    }));
  const recoveredBySweeper = sweeperLines.reduce((s, l) => s + l.callbacks + l.queried, 0);
  // How the canary was settled, for a run where the sweeper recovered nothing: which report gave
  // its receipt, when, and every worker log line (before and after the restart) that names it.
  const [canaryRow] = await sql<Json>(
    `SELECT status, receipt_source, query_attempts,
            (extract(epoch FROM resolved_at) * 1000 - $2::float8)::int AS resolved_ms_after_flush
       FROM payments WHERE id = $1`,
    [canary.paymentId, flushedAt],
  );
  const naming = (p: RunningProcess, which: string) =>
    p.lines.filter((l) => l.includes(canary.paymentId) || l.includes(canary.orderId)).map((l) => `${which}: ${l}`);
  const canaryTrail = { ...canaryRow, log: [...naming(workerBeforeFlush, 'before'), ...naming(worker, 'after')] };
  say(
    `drain: ${unpaid.length} of ${ids.length} orders unpaid after ${drainSeconds} s; sweeper settled ${recoveredBySweeper} lost job(s)`,
  );

  // ---- Compare: the rows as they stood at T (commit timestamps) vs the restored cluster ----
  const expectedAt = (table: 'orders' | 'payments') =>
    sql<{ id: string; row: Json }>(
      `SELECT DISTINCT ON ((h.r).id) (h.r).id::text AS id, to_jsonb(h.r) AS row
         FROM drill_${table}_history h
        WHERE pg_xact_commit_timestamp(h.xid::text::xid) <= $1::timestamptz
        ORDER BY (h.r).id, h.seq DESC`,
      [t],
    );
  const firstCommitAfter = (table: 'orders' | 'payments') =>
    sql<{ id: string }>(
      `SELECT (h.r).id::text AS id FROM drill_${table}_history h GROUP BY (h.r).id
       HAVING min(pg_xact_commit_timestamp(h.xid::text::xid)) > $1::timestamptz`,
      [t],
    );
  const changedAfter = (table: 'orders' | 'payments') =>
    sql<{ n: number }>(
      `SELECT count(DISTINCT (h.r).id)::int AS n FROM drill_${table}_history h
        WHERE pg_xact_commit_timestamp(h.xid::text::xid) > $1::timestamptz
          AND EXISTS (SELECT 1 FROM drill_${table}_history e WHERE (e.r).id = (h.r).id AND pg_xact_commit_timestamp(e.xid::text::xid) <= $1::timestamptz)`,
      [t],
    );
  const restoredRows = async (table: 'orders' | 'payments') =>
    (await restored.query<{ id: string; row: Json }>(`SELECT id::text AS id, to_jsonb(x) AS row FROM ${table} x`)).rows;
  const compare = async (table: 'orders' | 'payments') => {
    const expected = await expectedAt(table);
    const got = new Map((await restoredRows(table)).map((r) => [r.id, r.row]));
    const missing = expected.filter((e) => !got.has(e.id)).map((e) => e.id);
    const different = expected
      .filter((e) => got.has(e.id) && JSON.stringify(got.get(e.id)) !== JSON.stringify(e.row))
      .map((e) => ({ id: e.id, expected: e.row, restored: got.get(e.id) }));
    const expectedIds = new Set(expected.map((e) => e.id));
    const extra = [...got.keys()].filter((id) => !expectedIds.has(id));
    const after = await firstCommitAfter(table);
    const afterPresent = after.filter((a) => got.has(a.id)).length;
    const [{ n: changed }] = (await changedAfter(table)) as [{ n: number }];
    return {
      expected: expected.length,
      restored: got.size,
      missing,
      different,
      extra,
      after: after.length,
      afterPresent,
      changed,
    };
  };
  const orders = await compare('orders');
  const payments = await compare('payments');
  const rowsLost =
    orders.missing.length + orders.different.length + payments.missing.length + payments.different.length;
  const rowsExtra = orders.extra.length + payments.extra.length;

  const result = {
    drill: 'restore',
    mode: SHORT ? 'short' : 'full',
    finished_at: new Date().toISOString(),
    postgres: (await sql<{ v: string }>('SELECT version() AS v'))[0]!.v,
    target_time: t,
    orders_placed: placed.length,
    orders_before: orders.expected,
    orders_restored: orders.restored,
    orders_after_target: orders.after,
    orders_after_target_restored: orders.afterPresent,
    payments_before: payments.expected,
    payments_restored: payments.restored,
    payments_after_target: payments.after,
    payments_after_target_restored: payments.afterPresent,
    rows_changed_after_target: orders.changed + payments.changed,
    rows_lost: rowsLost,
    rows_extra: rowsExtra,
    restore_seconds: restoreSeconds,
    restored_from: path.basename(backup2.dir),
    recovery_log: restoreLog,
    wal_lag_seconds: walLagMs === null ? null : seconds(walLagMs),
    archive_timeout_seconds: ARCHIVE_TIMEOUT_S,
    rpo_note: `the archive is at most archive_timeout (${ARCHIVE_TIMEOUT_S} s here, 60 s in docker-compose.yml) plus one copy behind the primary; wal_lag_seconds is what this run measured for T`,
    base_backups: [
      { name: path.basename(backup1.dir), seconds: backup1.seconds },
      { name: path.basename(backup2.dir), seconds: backup2.seconds },
    ],
    retention: {
      keep: 1,
      backups_kept: backupsKept,
      wal_segments_before_prune: archivedBefore2,
      wal_segments_after_prune: archivedAfter2,
    },
    redis_flush: {
      db: REDIS_DB,
      keys_flushed: keysBefore,
      payments_open_at_flush: pendingAtFlush,
      job_schedule_keys_after_restart: schedulesAfterRestart,
      canary_order_paid: !unpaid.some((u) => u.id === canary.orderId),
      canary: canaryTrail,
      worker_restart_seconds: workerRestartSeconds,
      failed_requests_after_flush: failures.filter((f) => f.at >= flushedAt).length,
      recovered_by_sweeper: recoveredBySweeper,
      sweeper_runs_with_work: sweeperLines.length,
      orders_unpaid_at_end: unpaid.length,
      drain_seconds: drainSeconds,
    },
    load: { shoppers: SHOPPERS, seconds: loadSeconds, no_callback_pct: NO_CALLBACK_PCT, failures: failures.length },
    failures_sample: failures.slice(0, 10),
    mismatches_sample: {
      orders_missing: orders.missing.slice(0, 5),
      orders_different: orders.different.slice(0, 2),
      payments_missing: payments.missing.slice(0, 5),
      payments_different: payments.different.slice(0, 2),
      extra: [...orders.extra, ...payments.extra].slice(0, 5),
    },
    wall_seconds: seconds(performance.now() - wall),
  };
  mkdirSync(path.dirname(RESULT_FILE), { recursive: true });
  writeFileSync(RESULT_FILE, JSON.stringify(result, null, 2) + '\n');
  const ok = rowsLost === 0 && rowsExtra === 0 && unpaid.length === 0 && orders.afterPresent === 0 && orders.after > 0;
  if (!ok) exitCode = 1;
  console.log(
    `restore drill ${ok ? 'OK' : 'FAILED'}: orders_before=${result.orders_before} orders_restored=${result.orders_restored} ` +
      `after_target=${orders.after} (restored ${orders.afterPresent}) rows_lost=${rowsLost} rows_extra=${rowsExtra} ` +
      `restore_seconds=${restoreSeconds} wal_lag_seconds=${result.wal_lag_seconds} (archive_timeout ${ARCHIVE_TIMEOUT_S}s) ` +
      `redis_flush: ${pendingAtFlush} open, ${recoveredBySweeper} recovered by sweeper, ${unpaid.length} unpaid -> ${path.relative(ROOT, RESULT_FILE)}`,
  );
} catch (error) {
  exitCode = 1;
  console.error(error);
} finally {
  await cleanup();
}
process.exit(exitCode);
