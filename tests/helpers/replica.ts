// A PRIMARY + STREAMING REPLICA pair of our own, made with this machine's Postgres binaries
// (PG_BIN, default /usr/lib/postgresql/15/bin) in a temp dir on free ports, as
// scripts/drill-restore.mts runs its throwaway cluster: initdb (trust, wal_level=replica), one
// database migrated (and seeded) the way tests/helpers/database.ts does, then pg_basebackup -R
// for the standby. The replica can be stopped and started again on demand; everything is stopped
// and removed by close(), and (immediately, synchronously) if the test process exits first.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { deriveAppDatabaseUrl, provisionAppRole, runMigrations } from '@sokoni/db';
import { seedDemo } from '@sokoni/db/dist/seed/index.js';
import { APP_ROLE, TEST_MPESA_ENCRYPTION_KEY, withClient, type TestDatabase } from './database.ts';
import { freePort } from './processes.ts';

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

// initdb refuses root: run the tools as the postgres user then.
const pgUser = process.getuid?.() === 0 ? 'postgres' : null;

function tool(name: string, args: string[]): Promise<string> {
  const [command, argv] = pgUser
    ? ['runuser', ['-u', pgUser, '--', path.join(PG_BIN, name), ...args]]
    : [path.join(PG_BIN, name), args];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${name} ${args.join(' ')} exited ${code}:\n${out.slice(-3000)}`)),
    );
  });
}

export interface ReplicaPair {
  /** The primary's database: owner URL, app URL, media dir, seed summary (as createTestDatabase). */
  db: TestDatabase;
  /** DATABASE_READ_URL for the API: the replica's copy of the database, no user (the app role is filled in). */
  readUrl: string;
  /** Superuser on the replica (pg_stat_activity, pg_wal_replay_pause/resume). */
  replicaAdminUrl: string;
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  close(): Promise<void>;
}

export async function createReplicaPair(options: { seed?: boolean } = {}): Promise<ReplicaPair> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'sokoni-replica-'));
  const primaryDir = path.join(work, 'primary');
  const replicaDir = path.join(work, 'replica');
  const mediaDir = path.join(work, 'media');
  mkdirSync(mediaDir);
  if (pgUser) {
    const id = (flag: string) => Number(spawnSync('id', [flag, pgUser]).stdout.toString().trim());
    chownSync(work, id('-u'), id('-g'));
  }
  const running = new Set<string>();
  const stopNow = () => {
    for (const dir of running) {
      const argv = [path.join(PG_BIN, 'pg_ctl'), '-D', dir, '-m', 'immediate', '-w', 'stop'];
      spawnSync(pgUser ? 'runuser' : argv[0]!, pgUser ? ['-u', pgUser, '--', ...argv] : argv.slice(1));
    }
    running.clear();
    rmSync(work, { recursive: true, force: true });
  };
  process.once('exit', stopNow);
  const start = async (dir: string) => {
    await tool('pg_ctl', ['-D', dir, '-l', path.join(work, `${path.basename(dir)}.log`), '-w', '-t', '120', 'start']);
    running.add(dir);
  };
  const stop = async (dir: string) => {
    await tool('pg_ctl', ['-D', dir, '-m', 'fast', '-w', 'stop']);
    running.delete(dir);
  };

  try {
    const [primaryPort, replicaPort] = [await freePort(), await freePort()];
    await tool('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
    const conf = [
      `port = ${primaryPort}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${work}'`,
      `timezone = 'UTC'`,
      `wal_level = replica`,
      `max_wal_senders = 4`,
      `shared_buffers = 32MB`,
      `max_connections = 60`,
      // A throwaway pair: durability buys nothing here.
      `fsync = off`,
    ];
    appendFileSync(path.join(primaryDir, 'postgresql.conf'), conf.join('\n') + '\n');
    appendFileSync(path.join(primaryDir, 'pg_hba.conf'), 'host replication all 127.0.0.1/32 trust\n');
    await start(primaryDir);

    const name = 'sokoni_replica_test';
    const adminUrl = `postgres://postgres@127.0.0.1:${primaryPort}/postgres`;
    await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
    const ownerUrl = `postgres://postgres@127.0.0.1:${primaryPort}/${name}`;
    await runMigrations(ownerUrl);
    await provisionAppRole(ownerUrl, APP_ROLE);
    const seed = options.seed
      ? await seedDemo({ ownerUrl, mediaDir, mpesaEncryptionKey: TEST_MPESA_ENCRYPTION_KEY })
      : undefined;

    // The standby: a base backup with -R (standby.signal + primary_conninfo), on its own port.
    await tool('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      replicaDir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
    appendFileSync(path.join(replicaDir, 'postgresql.conf'), `port = ${replicaPort}\n`);
    await start(replicaDir);

    const db: TestDatabase = {
      name,
      ownerUrl,
      appUrl: deriveAppDatabaseUrl(ownerUrl, APP_ROLE.role, APP_ROLE.password),
      mediaDir,
      seed,
      drop: () => Promise.resolve(), // the whole cluster goes in close()
    };
    return {
      db,
      readUrl: `postgres://127.0.0.1:${replicaPort}/${name}`,
      replicaAdminUrl: `postgres://postgres@127.0.0.1:${replicaPort}/${name}`,
      stopReplica: () => stop(replicaDir),
      startReplica: () => start(replicaDir),
      async close() {
        for (const dir of [...running].reverse()) await stop(dir).catch(() => undefined);
        process.off('exit', stopNow);
        stopNow();
      },
    };
  } catch (error) {
    process.off('exit', stopNow);
    stopNow();
    throw error;
  }
}

/** Runs one statement on a server and returns its rows. */
export async function query<T extends pg.QueryResultRow = Record<string, unknown>>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  return withClient(url, async (c) => (await c.query<T>(text, params)).rows);
}
