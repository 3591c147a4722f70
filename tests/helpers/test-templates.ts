// The databases `npm test` copies instead of migrating and seeding per test file (scripts/test.mjs).
// Migrating takes ~2.5 s and seeding ~4.5 s on this 2-core box, for almost every one of ~120 test
// files; CREATE DATABASE ... TEMPLATE copies the result in well under a second.
//
//   node --import tsx tests/helpers/test-templates.ts build   -> prints the TestTemplates JSON
//   SOKONI_TEST_TEMPLATES=<json> node --import tsx tests/helpers/test-templates.ts drop
//
// Made fresh for every run (the seed's dates are relative to now, and a template from an older
// checkout would carry older migrations), dropped when the run ends.
import { rm } from 'node:fs/promises';
import { nairobiDay } from '@sokoni/contracts';
import { catchUpWindow } from '../../apps/api/dist/modules/insights/aggregation.service.js';
import { ADMIN_URL, createTestDatabase, withClient, type TestTemplates } from './database.ts';

/**
 * What a worker's first hourly analytics job does to a store with no daily aggregates (every day
 * of the catch-up window, zeros included: AggregationService.acrossTenantsHourly), done once in
 * the template instead of at each of the run's worker starts: ~140 day aggregations, over a
 * second of CPU each time. Today and yesterday are left to the worker, as in production.
 */
async function aggregateCatchUpWindow(ownerUrl: string, tenantIds: string[]): Promise<void> {
  const { from, to } = catchUpWindow(nairobiDay(new Date()));
  await withClient(ownerUrl, async (c) => {
    for (const tenantId of tenantIds) {
      await c.query('BEGIN');
      await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      await c.query(
        `SELECT app_analytics_aggregate_day(d::date) FROM generate_series($1::date, $2::date, interval '1 day') AS d`,
        [from, to],
      );
      await c.query('COMMIT');
    }
  });
}

async function build(): Promise<TestTemplates> {
  if (process.env.SOKONI_TEST_TEMPLATES) throw new Error('templates are built from scratch, not from templates');
  const [plain, seeded] = await Promise.all([createTestDatabase(), createTestDatabase({ seed: true })]);
  await aggregateCatchUpWindow(
    seeded.ownerUrl,
    seeded.seed!.stores.map((s) => s.tenantId),
  );
  await withClient(ADMIN_URL, async (admin) => {
    for (const db of [plain, seeded]) {
      const name = admin.escapeIdentifier(db.name);
      // No connections from here on (autovacuum's included): a copy refuses while one is open.
      await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [db.name]);
    }
  });
  await rm(plain.mediaDir, { recursive: true, force: true });
  return { plain: plain.name, seeded: seeded.name, seedSummary: seeded.seed!, mediaDir: seeded.mediaDir };
}

async function drop(templates: TestTemplates): Promise<void> {
  await withClient(ADMIN_URL, async (admin) => {
    for (const name of [templates.plain, templates.seeded]) {
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
    }
  });
  await rm(templates.mediaDir, { recursive: true, force: true });
}

// No top-level await: tsx runs this file as CommonJS (the repository has no "type": "module"), where
// a top-level await fails to load, and scripts/test.mjs then falls back to a migrate and seed per
// test file (CI took ~5 minutes longer). tests/ops/test-templates.test.ts loads it.
async function main(command: string | undefined): Promise<number> {
  if (command === 'build') {
    process.stdout.write(`${JSON.stringify(await build())}\n`);
    return 0;
  }
  if (command === 'drop') {
    await drop(JSON.parse(process.env.SOKONI_TEST_TEMPLATES ?? 'null') as TestTemplates);
    return 0;
  }
  console.error('usage: test-templates.ts build | drop');
  return 2;
}

main(process.argv[2]).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
