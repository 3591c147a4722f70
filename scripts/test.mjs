#!/usr/bin/env node
// `npm test`: build once (servers + one Next build shared by every browser test), check that
// Postgres and Redis answer, make the migrated and seeded template databases the test files copy,
// then run every tests/**/*.test.ts file with node's test runner.
// The last line printed is "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { build } from './lib/build.mjs';
import { ROOT, portOpen } from './lib/services.mjs';

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'helpers' ? [] : testFiles(full);
      return entry.name.endsWith('.test.ts') ? [path.relative(ROOT, full)] : [];
    })
    .sort();
}

const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
for (const [name, url] of [
  ['Postgres (TEST_DATABASE_URL)', databaseUrl],
  ['Redis (TEST_REDIS_URL)', redisUrl],
]) {
  const { hostname, port } = new URL(url);
  if (!(await portOpen(Number(port || (url.startsWith('redis') ? 6379 : 5432)), hostname))) {
    console.error(
      `${name} does not answer at ${hostname}:${port}. Tests need real Postgres and Redis (.ci/run starts them).`,
    );
    process.exit(1);
  }
}

build();
// tsx runs the tests without type checking; check them here so a type error fails the run.
const typecheck = spawnSync('npx', ['tsc', '-p', 'tests'], { cwd: ROOT, stdio: 'inherit' });
if (typecheck.status !== 0) {
  console.error('tests do not type-check');
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}
// Lint the whole repository (eslint.config.mjs) the same way: an error fails the run. Cached in
// node_modules/.cache (its own file: --quiet skips warning rules, so its results differ from
// `npm run lint`'s), so only changed files are linted again; --quiet reports errors only.
const lint = spawnSync(
  'npx',
  [
    'eslint',
    '--quiet',
    '--cache',
    '--cache-location',
    'node_modules/.cache/eslint-quiet/',
    '--cache-strategy',
    'content',
    '.',
  ],
  { cwd: ROOT, stdio: 'inherit' },
);
if (lint.status !== 0) {
  console.error('lint errors (npm run lint)');
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}
const files = process.argv.slice(2).length ? process.argv.slice(2) : testFiles(path.join(ROOT, 'tests'));
// Migrated and seeded databases made once for the run; each test file's database is a copy
// (tests/helpers/test-templates.ts). Without them every file migrates and seeds its own.
const templatesEnv = { ...process.env, TEST_DATABASE_URL: databaseUrl, TEST_REDIS_URL: redisUrl };
delete templatesEnv.SOKONI_TEST_TEMPLATES;
const made = spawnSync(process.execPath, ['--import', 'tsx', 'tests/helpers/test-templates.ts', 'build'], {
  cwd: ROOT,
  env: templatesEnv,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
const templates = made.status === 0 ? made.stdout.trim().split('\n').pop() : undefined;
if (!templates) console.error('test database templates could not be made: every test file migrates and seeds its own');
function dropTemplates() {
  if (!templates) return;
  spawnSync(process.execPath, ['--import', 'tsx', 'tests/helpers/test-templates.ts', 'drop'], {
    cwd: ROOT,
    env: { ...templatesEnv, SOKONI_TEST_TEMPLATES: templates },
    stdio: 'inherit',
  });
}
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-timeout=240000',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/test-summary-reporter.mjs',
    '--test-reporter-destination=stdout',
    ...files,
  ],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      TEST_DATABASE_URL: databaseUrl,
      TEST_REDIS_URL: redisUrl,
      NEXT_TELEMETRY_DISABLED: '1',
      // tests/ops/test-templates.test.ts: under this script the templates must exist.
      SOKONI_TEST_RUN: '1',
      ...(templates ? { SOKONI_TEST_TEMPLATES: templates } : {}),
    },
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => {
  dropTemplates();
  process.exit(code ?? 1);
});
