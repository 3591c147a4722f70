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
import { ADMIN_URL, createTestDatabase, withClient, type TestTemplates } from './database.ts';

async function build(): Promise<TestTemplates> {
  if (process.env.SOKONI_TEST_TEMPLATES) throw new Error('templates are built from scratch, not from templates');
  const [plain, seeded] = await Promise.all([createTestDatabase(), createTestDatabase({ seed: true })]);
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

const command = process.argv[2];
if (command === 'build') {
  process.stdout.write(`${JSON.stringify(await build())}\n`);
} else if (command === 'drop') {
  await drop(JSON.parse(process.env.SOKONI_TEST_TEMPLATES ?? 'null') as TestTemplates);
} else {
  console.error('usage: test-templates.ts build | drop');
  process.exit(2);
}
