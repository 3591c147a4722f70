// The template databases `npm test` copies instead of migrating and seeding per test file
// (tests/helpers/test-templates.ts, made by scripts/test.mjs). When the script cannot run,
// scripts/test.mjs falls back to a migrate and seed per file: every test still passes, and CI
// just takes ~5 minutes longer (it did, from a top-level await that tsx runs as CommonJS).
// This file fails instead.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { addDays, nairobiDay } from '@sokoni/contracts';
import { CATCH_UP_DAYS, catchUpWindow } from '../../apps/api/dist/modules/insights/aggregation.service.js';
import { createTestDatabase, withClient, type TestDatabase } from '../helpers/database.ts';
import { ROOT } from '../helpers/processes.ts';

const templatesScript = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'tests/helpers/test-templates.ts', ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
  });

describe('test database templates', () => {
  test('the script loads and names its commands', () => {
    const run = templatesScript([]);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /usage: test-templates\.ts build \| drop/);
  });

  test("a seeded copy already holds the worker's analytics catch-up, so no worker start redoes it", async () => {
    // Under `npm test` the run's own templates must exist; run alone, this test makes (and drops) a pair.
    if (process.env.SOKONI_TEST_RUN === '1')
      assert.ok(process.env.SOKONI_TEST_TEMPLATES, 'scripts/test.mjs made the templates for this run');
    let made: string | null = null;
    if (!process.env.SOKONI_TEST_TEMPLATES) {
      const run = templatesScript(['build']);
      assert.equal(run.status, 0, run.stderr);
      made = run.stdout.trim().split('\n').pop()!;
      process.env.SOKONI_TEST_TEMPLATES = made;
    }
    let db: TestDatabase | null = null;
    try {
      db = await createTestDatabase({ seed: true });
      const { rows } = await withClient(db.ownerUrl, (c) =>
        c.query<{ tenant_id: string; days: number; first: string; last: string }>(
          `SELECT tenant_id::text, count(*)::int AS days, min(day)::text AS first, max(day)::text AS last
             FROM daily_store_metrics GROUP BY 1`,
        ),
      );
      assert.deepEqual(rows.map((r) => r.tenant_id).sort(), db.seed!.stores.map((s) => s.tenantId).sort());
      // The window AggregationService.acrossTenantsHourly catches up (a template made before
      // Nairobi's midnight holds yesterday's window).
      const today = nairobiDay(new Date());
      const windows = [catchUpWindow(today), catchUpWindow(addDays(today, -1))];
      for (const r of rows) {
        assert.equal(r.days, CATCH_UP_DAYS - 1);
        assert.ok(
          windows.some((w) => w.from === r.first && w.to === r.last),
          `days ${r.first}..${r.last}, not a catch-up window`,
        );
      }
    } finally {
      await db?.drop();
      if (made) {
        delete process.env.SOKONI_TEST_TEMPLATES;
        const dropped = templatesScript(['drop'], { ...process.env, SOKONI_TEST_TEMPLATES: made });
        assert.equal(dropped.status, 0, dropped.stderr);
      }
    }
  });
});
