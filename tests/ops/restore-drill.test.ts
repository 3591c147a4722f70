// The backup/restore drill in its short mode (scripts/drill-restore.mts, DRILL_SHORT=1): a real
// throwaway Postgres cluster with WAL archiving, the real API + worker + sandbox placing and paying
// orders, base backups mid-stream, a Redis FLUSHDB (on the drill's own DB index) and a
// point-in-time restore into a new cluster. The drill itself compares the restored rows with the
// rows as they stood at the target time; this test holds its figures to what must be true.
// `npm run drill:restore` is the longer run that writes bench/results/restore.json.
// Run alone: node --import tsx --test tests/ops/restore-drill.test.ts
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/processes';

interface DrillResult {
  orders_placed: number;
  orders_before: number;
  orders_restored: number;
  orders_after_target: number;
  orders_after_target_restored: number;
  payments_before: number;
  payments_restored: number;
  payments_after_target_restored: number;
  rows_changed_after_target: number;
  rows_lost: number;
  rows_extra: number;
  restore_seconds: number;
  wal_lag_seconds: number | null;
  recovery_log: string[];
  retention: { backups_kept: string[]; wal_segments_before_prune: number; wal_segments_after_prune: number };
  redis_flush: {
    keys_flushed: number;
    payments_open_at_flush: number;
    job_schedule_keys_after_restart: number;
    canary_order_paid: boolean;
    canary: unknown;
    recovered_by_sweeper: number;
    orders_unpaid_at_end: number;
  };
}

test(
  'restore drill (short): nothing committed before T is lost, nothing after T comes back, Redis loss is recovered',
  { timeout: 300_000 },
  async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sokoni-drill-test-'));
    const resultFile = path.join(dir, 'restore.json');
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/drill-restore.mts'], {
        cwd: ROOT,
        env: {
          ...process.env,
          DRILL_SHORT: '1',
          // npm test builds before running tests; a drill of its own uses another Redis DB (13).
          DRILL_SKIP_BUILD: '1',
          DRILL_REDIS_DB: process.env.DRILL_TEST_REDIS_DB ?? '14',
          DRILL_RESULT_FILE: resultFile,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.equal(code, 0, `the drill failed:\n${output.slice(-4000)}`);
      assert.match(output, /restore drill OK: /);
      const result = JSON.parse(await readFile(resultFile, 'utf8')) as DrillResult;

      // Point-in-time restore: exactly the rows of T.
      assert.equal(result.rows_lost, 0, 'every order and payment as it stood at T is in the restored cluster');
      assert.equal(result.rows_extra, 0);
      assert.ok(result.orders_before > 0);
      assert.equal(result.orders_restored, result.orders_before);
      assert.equal(result.payments_restored, result.payments_before);
      assert.ok(result.orders_after_target > 0, 'orders were written after T (else "none after it" proves nothing)');
      assert.equal(result.orders_after_target_restored, 0);
      assert.equal(result.payments_after_target_restored, 0);
      assert.ok(result.rows_changed_after_target > 0, 'rows changed after T are restored as they were at T');
      assert.ok(result.recovery_log.some((line) => /^recovery stopping before commit/.test(line)));
      assert.ok(result.restore_seconds > 0);
      assert.ok(result.wal_lag_seconds !== null && result.wal_lag_seconds > 0);
      // Retention: one base backup kept, the WAL before it pruned, and the restore still worked.
      assert.equal(result.retention.backups_kept.length, 1);
      assert.ok(result.retention.wal_segments_after_prune < result.retention.wal_segments_before_prune);

      // Redis flushed mid-run: jobs were lost, the sweeper settled them, every order ended up paid.
      assert.ok(result.redis_flush.keys_flushed > 0);
      assert.ok(
        result.redis_flush.job_schedule_keys_after_restart > 0,
        'the restarted worker re-created its schedules',
      );
      assert.equal(result.redis_flush.canary_order_paid, true, 'the payment whose query job was flushed got paid');
      assert.ok(
        result.redis_flush.recovered_by_sweeper >= 1,
        `the sweeper recovered nothing; the canary: ${JSON.stringify(result.redis_flush.canary)}`,
      );
      assert.equal(result.redis_flush.orders_unpaid_at_end, 0);
      assert.ok(result.orders_placed > result.orders_before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);
