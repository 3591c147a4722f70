// Expand/contract (ARCHITECTURE.md "Deploys: expand, then contract"): migrations run before the
// blue/green switch while the previous release still serves, so none may drop, rename or retype
// what that release reads. ops/deploy/migration-guard.mjs reads the SQL; this file runs it over the
// real migrations (a bad one added to packages/db/migrations fails here) and over fixtures that
// prove the guard itself catches each kind of breaking change.
// Run alone: node --import tsx --test tests/ops/migration-compat.test.ts
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import {
  checkMigration,
  checkRepository,
  destructiveChanges,
  MIGRATIONS_DIR,
  ROOT,
  SCHEMA_FILE,
  schemaColumns,
} from '../../ops/deploy/migration-guard.mjs';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'migrations');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const currentTables = schemaColumns(readFileSync(path.join(ROOT, SCHEMA_FILE), 'utf8'));

describe('migration guard: the real migrations', () => {
  test('every migration the previous release lacks is backward compatible with it', () => {
    const { checked, problems } = checkRepository();
    assert.ok(checked.length > 0 || process.env.PREVIOUS_RELEASE, 'no migration was checked');
    assert.deepEqual(
      problems.map((p) => p.message),
      [],
    );
  });

  test('schema.ts is read as tables and columns (what the running code can select)', () => {
    assert.ok(currentTables.size >= 50, `only ${currentTables.size} tables read from schema.ts`);
    assert.ok(currentTables.get('orders')?.has('customer_name'));
    assert.ok(currentTables.get('products')?.has('title'));
    assert.ok(currentTables.get('payments')?.size, 'payments has no columns');
  });

  test('against a git ref: the schema of that commit, and only migrations it did not have', () => {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const { ref, checked, problems } = checkRepository({ ref: head });
    assert.equal(ref, head);
    const committed = execFileSync('git', ['ls-tree', '--name-only', `HEAD:${MIGRATIONS_DIR}`], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
    for (const name of checked) assert.ok(!committed.includes(name), `${name} was in HEAD and still checked`);
    assert.deepEqual(problems, []);
  });
});

describe('migration guard: breaking changes are refused', () => {
  test('dropping a column the running release reads', () => {
    const problems = checkMigration('0021_bad_drop_column.sql', fixture('0021_bad_drop_column.sql'), currentTables);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.kind, 'drop_column');
    assert.equal(problems[0]!.subject, 'orders.customer_name');
    assert.match(problems[0]!.message, /still reads.*-- contract: orders\.customer_name unused since/);
  });

  test('renaming a column the running release reads', () => {
    const problems = checkMigration('0021_bad_rename_column.sql', fixture('0021_bad_rename_column.sql'), currentTables);
    assert.deepEqual(
      problems.map((p) => [p.kind, p.subject]),
      [['rename_column', 'products.title']],
    );
  });

  test('dropping a table the running release reads', () => {
    const problems = checkMigration('0021_bad_drop_table.sql', fixture('0021_bad_drop_table.sql'), currentTables);
    assert.deepEqual(
      problems.map((p) => [p.kind, p.subject]),
      [['drop_table', 'cart_nudges']],
    );
  });

  test('retyping a column, renaming a table, changing an enum type', () => {
    const sql = `ALTER TABLE ONLY public.orders ALTER COLUMN total_kes TYPE bigint;
      ALTER TABLE "payments" RENAME TO mpesa_payments;
      ALTER TYPE order_status RENAME VALUE 'paid' TO 'settled';
      ALTER TYPE order_status ADD VALUE 'on_hold';`;
    const problems = checkMigration('0021_x.sql', sql, currentTables);
    assert.deepEqual(
      problems.map((p) => [p.kind, p.subject]),
      [
        ['alter_column_type', 'orders.total_kes'],
        ['rename_table', 'payments'],
        ['alter_type', 'type order_status'],
      ],
    );
  });

  test('a bad migration added to the migrations folder fails the repository check', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'sokoni-guard-'));
    after(() => rmSync(root, { recursive: true, force: true }));
    mkdirSync(path.join(root, 'packages/db/src'), { recursive: true });
    cpSync(path.join(ROOT, MIGRATIONS_DIR), path.join(root, MIGRATIONS_DIR), { recursive: true });
    cpSync(path.join(ROOT, SCHEMA_FILE), path.join(root, SCHEMA_FILE));
    const next = String(readdirSync(path.join(root, MIGRATIONS_DIR)).length + 1).padStart(4, '0');
    cpSync(path.join(FIXTURES, '0021_bad_drop_column.sql'), path.join(root, MIGRATIONS_DIR, `${next}_oops.sql`));
    const { problems } = checkRepository({ ref: null, root });
    assert.deepEqual(
      problems.map((p) => [p.migration, p.subject]),
      [[`${next}_oops.sql`, 'orders.customer_name']],
    );
  });
});

describe('migration guard: what stays allowed', () => {
  test('expand steps, columns the running release never read, and function bodies', () => {
    const sql = fixture('0021_good_expand.sql');
    assert.deepEqual(checkMigration('0021_good_expand.sql', sql, currentTables), []);
    // It did see the drop: allowed because no released code reads that column.
    assert.ok(destructiveChanges(sql).some((c) => c.kind === 'drop_column' && c.column === 'never_released_column'));
  });

  test('a contract step that says so: `-- contract: <table>.<column> unused since <release>`', () => {
    assert.deepEqual(checkMigration('0021_good_contract.sql', fixture('0021_good_contract.sql'), currentTables), []);
    // The marker names one column: it does not excuse another.
    const other = `${fixture('0021_good_contract.sql')}\nALTER TABLE orders DROP COLUMN phone;`;
    assert.deepEqual(
      checkMigration('0021_y.sql', other, currentTables).map((p) => p.subject),
      ['orders.phone'],
    );
  });
});
