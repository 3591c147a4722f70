// ops/backup's small pieces with the real tools: archive-wal.sh / restore-wal.sh on a directory
// and on an S3-compatible bucket (s3rver, in-process), and prune.sh's retention with
// pg_archivecleanup. The whole backup -> restore path is tests/ops/restore-drill.test.ts.
// Run alone: node --import tsx --test tests/ops/backup-scripts.test.ts
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { freePort, ROOT } from '../helpers/processes';

const exec = promisify(execFile);
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const script = (name: string) => path.join(ROOT, 'ops/backup', name);

/** Runs a script; resolves with its exit code and output instead of throwing. */
async function runScript(name: string, args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await exec(script(name), args, {
      env: { PATH: process.env.PATH, PG_BIN, ...env },
      cwd: ROOT,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sokoni-backup-scripts-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('WAL archive on a directory', () => {
  test('archives a segment once, accepts an identical retry, refuses different bytes, restores it', async () => {
    const archive = path.join(dir, 'archive');
    const segment = path.join(dir, '000000010000000000000007');
    const bytes = randomBytes(64 * 1024);
    await writeFile(segment, bytes);
    const env = { WAL_ARCHIVE_DIR: archive };
    assert.equal((await runScript('archive-wal.sh', [segment, '000000010000000000000007'], env)).code, 0);
    assert.ok((await readFile(path.join(archive, '000000010000000000000007'))).equals(bytes));
    // Postgres retries after a crash between the copy and noting it: same bytes, success.
    assert.equal((await runScript('archive-wal.sh', [segment, '000000010000000000000007'], env)).code, 0);
    // Another cluster's segment of the same name: refused, the archived copy untouched.
    const other = path.join(dir, 'other');
    await writeFile(other, randomBytes(64 * 1024));
    const refused = await runScript('archive-wal.sh', [other, '000000010000000000000007'], env);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /exists with different content/);
    assert.ok((await readFile(path.join(archive, '000000010000000000000007'))).equals(bytes));
    assert.deepEqual(
      (await readdir(archive)).filter((f) => f.startsWith('.')),
      [],
      'no temporary file left behind',
    );
    // restore_command: the segment comes back; a missing one is "end of archive" (exit 1).
    const restored = path.join(dir, 'RECOVERYXLOG');
    assert.equal((await runScript('restore-wal.sh', ['000000010000000000000007', restored], env)).code, 0);
    assert.ok((await readFile(restored)).equals(bytes));
    assert.equal((await runScript('restore-wal.sh', ['000000010000000000000008', restored], env)).code, 1);
  });
});

interface S3rverServer {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: Record<string, unknown>) => S3rverServer;

describe('WAL archive on an S3-compatible bucket (s3rver)', () => {
  let s3: S3rverServer;
  let env: Record<string, string>;
  before(async () => {
    const s3Dir = path.join(dir, 's3');
    await mkdir(s3Dir);
    s3 = new S3rver({
      address: '127.0.0.1',
      port: await freePort(),
      silent: true,
      directory: s3Dir,
      configureBuckets: [{ name: 'sokoni-backups' }],
    });
    const { port } = await s3.run();
    env = {
      BACKUP_S3_URI: 's3://sokoni-backups/prod',
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    };
  });
  after(async () => {
    await s3?.close();
  });

  test('archive-wal.sh uploads under wal/; restore-wal.sh fetches from the bucket when the directory lost it', async () => {
    const archive = path.join(dir, 's3-archive');
    const segment = path.join(dir, '000000010000000000000009');
    const bytes = randomBytes(32 * 1024);
    await writeFile(segment, bytes);
    const archived = await runScript('archive-wal.sh', [segment, '000000010000000000000009'], {
      ...env,
      WAL_ARCHIVE_DIR: archive,
    });
    assert.equal(archived.code, 0, archived.stderr);
    // The local archive is gone (lost disk): the bucket still has it.
    await rm(archive, { recursive: true });
    const restored = path.join(dir, 'FROM-S3');
    const fetched = await runScript('restore-wal.sh', ['000000010000000000000009', restored], {
      ...env,
      WAL_ARCHIVE_DIR: archive,
    });
    assert.equal(fetched.code, 0, fetched.stderr);
    assert.ok((await readFile(restored)).equals(bytes));
    // Not in the bucket either: exit 1 (end of archive), not an error that stops recovery.
    const missing = await runScript('restore-wal.sh', ['00000001000000000000000A', restored], env);
    assert.equal(missing.code, 1, missing.stderr);
  });
});

describe('retention (prune.sh)', () => {
  test('keeps the newest BACKUP_KEEP base backups and the WAL from the oldest kept one onwards', async () => {
    const backups = path.join(dir, 'backups');
    const archive = path.join(dir, 'prune-archive');
    await mkdir(archive, { recursive: true });
    const labels: [string, string][] = [
      ['base-20261201T010000Z', '000000010000000000000003'],
      ['base-20261202T010000Z', '000000010000000000000006'],
      ['base-20261203T010000Z', '000000010000000000000009'],
    ];
    for (const [name, wal] of labels) {
      await mkdir(path.join(backups, name), { recursive: true });
      await writeFile(
        path.join(backups, name, 'backup_label'),
        `START WAL LOCATION: 0/${wal.slice(-1)}000028 (file ${wal})\nCHECKPOINT LOCATION: 0/${wal.slice(-1)}000060\nBACKUP METHOD: streamed\nSTART TIME: 2026-12-0${name[10]} 01:00:00 UTC\n`,
      );
    }
    // An unfinished backup (its directory not yet renamed) never counts.
    await mkdir(path.join(backups, '.base-20261204T010000Z.partial'));
    for (let i = 1; i <= 11; i++)
      await writeFile(path.join(archive, `0000000100000000000000${i.toString(16).toUpperCase().padStart(2, '0')}`), '');
    await writeFile(path.join(archive, '000000010000000000000006.00000028.backup'), '');

    const pruned = await runScript('prune.sh', [], { BACKUP_DIR: backups, WAL_ARCHIVE_DIR: archive, BACKUP_KEEP: '2' });
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.deepEqual((await readdir(backups)).filter((f) => f.startsWith('base-')).sort(), [
      'base-20261202T010000Z',
      'base-20261203T010000Z',
    ]);
    assert.ok(existsSync(path.join(backups, '.base-20261204T010000Z.partial')));
    const left = (await readdir(archive)).filter((f) => /^[0-9A-F]{24}$/.test(f)).sort();
    assert.deepEqual(
      left,
      ['06', '07', '08', '09', '0A', '0B'].map((s) => `0000000100000000000000${s}`),
    );

    const refused = await runScript('prune.sh', [], {
      BACKUP_DIR: backups,
      WAL_ARCHIVE_DIR: archive,
      BACKUP_KEEP: '0',
    });
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /BACKUP_KEEP must be a positive integer/);
  });

  test('restore.sh refuses a data directory that is not empty', async () => {
    const pgdata = path.join(dir, 'not-empty');
    await mkdir(pgdata);
    await writeFile(path.join(pgdata, 'PG_VERSION'), '15\n');
    const refused = await runScript('restore.sh', ['--pgdata', pgdata, '--backup', path.join(dir, 'backups')], {
      WAL_ARCHIVE_DIR: path.join(dir, 'archive'),
    });
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /is not empty: restore into a new directory/);
  });
});
