// SQL lives only in *.repository.ts (ARCHITECTURE.md, "API"): services hold the rules,
// repositories the queries. This reads every apps/api/src/**/*.ts file and fails on a Kysely
// query builder, a `sql` template or sql.* helper, or an import of `sql`, anywhere else, except
// in the files of ALLOWED below, each with its reason. No build or database needed.
// Run alone: node --import tsx --test tests/architecture/sql-in-repositories.test.ts
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '../..');
const API_SRC = 'apps/api/src';

/**
 * Files that may still hold SQL, relative to the repository root. "Being moved" entries belong
 * to work in progress elsewhere in issue 18 and must go when that lands (the last test below
 * fails once a listed file has no SQL left, so the list only shrinks).
 */
const ALLOWED: Record<string, string> = {
  'apps/api/src/modules/health/health.controller.ts':
    'infrastructure: the readiness probe runs `SELECT 1` on the pool to prove Postgres answers; there is no data to put behind a repository',
};

/** What counts as SQL outside a repository. */
const SQL_PATTERNS: { what: string; pattern: RegExp }[] = [
  {
    what: 'Kysely query builder',
    pattern: /\.\s*(selectFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|selectNoFrom|executeQuery)\s*\(/,
  },
  // sql`...` and sql<Row>`...` (the type argument may nest: sql<Record<string, number>>`...`).
  { what: 'sql template', pattern: /(?<![\w$.])sql\s*(<[^`;]{0,300}?>)?\s*`/ },
  { what: 'sql helper', pattern: /(?<![\w$.])sql\s*\.\s*(raw|ref|lit|id|join|table|val|value)\s*[(<]/ },
  {
    what: 'import of sql',
    pattern: /import\s*\{[^}]*(?<![\w$])sql(?![\w$])[^}]*\}\s*from\s*['"](@sokoni\/db|kysely)['"]/,
  },
];

/** Comments may talk about SQL; only code counts. Block comments and whole-line // comments. */
function stripComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
    .replace(/^[ \t]*\/\/.*$/gm, '');
}

/** Each SQL use in a source text, by 1-based line. */
function findSql(source: string): { line: number; what: string; text: string }[] {
  const code = stripComments(source);
  const found: { line: number; what: string; text: string }[] = [];
  for (const { what, pattern } of SQL_PATTERNS) {
    const global = new RegExp(pattern.source, 'g');
    for (const match of code.matchAll(global)) {
      const line = code.slice(0, match.index).split('\n').length;
      found.push({ line, what, text: source.split('\n')[line - 1]!.trim().slice(0, 120) });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return tsFiles(rel);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

const isRepository = (file: string) => file.endsWith('.repository.ts');

describe('SQL only in repositories', () => {
  test('the detector finds query builders, sql templates and sql imports, and ignores comments and names', () => {
    const flagged = [
      "const row = await trx.selectFrom('products').selectAll().execute();",
      "await trx\n  .insertInto('audit_log').values(row).execute();",
      "await this.db.updateTable('payments').set({}).execute();",
      "await trx.deleteFrom('carts').execute();",
      'await sql`SAVEPOINT import_row`.execute(trx);',
      'const r = await sql<{ tenant_id: string }>`SELECT tenant_id FROM app_analytics_tenants()`.execute(db);',
      'const r = sql<Record<string, number>>`SELECT 1`;',
      "query.where(sql.ref('id'), '=', id);",
      "import { sql, type TenantTransaction } from '@sokoni/db';",
      "import { Kysely, sql } from 'kysely';",
    ];
    for (const code of flagged) assert.notDeepEqual(findSql(code), [], `not detected: ${code}`);

    const clean = [
      "// trx.selectFrom('products') would be SQL, but this is a comment",
      '/** `SELECT <card columns> FROM products p`: sql`...` in a doc comment */',
      'const rows = await this.repository.productBySlug(trx, slug);',
      'const card = productCardSql();',
      "import type { Database, Kysely } from '@sokoni/db';",
      'const mysql = 1; const nosql = `text`;',
    ];
    for (const code of clean) assert.deepEqual(findSql(code), [], `wrongly detected: ${code}`);
  });

  test('no file outside *.repository.ts (and the allow-list) holds SQL', () => {
    const files = tsFiles(API_SRC);
    assert.ok(files.length > 100, `expected the API sources under ${API_SRC}, found ${files.length} files`);
    const offenders = files
      .filter((file) => !isRepository(file) && !(file in ALLOWED))
      .flatMap((file) =>
        findSql(readFileSync(path.join(ROOT, file), 'utf8')).map(
          (hit) => `${file}:${hit.line} ${hit.what}: ${hit.text}`,
        ),
      );
    assert.deepEqual(
      offenders,
      [],
      `SQL belongs in the module's *.repository.ts (the service calls a repository method):\n${offenders.join('\n')}`,
    );
  });

  test('every allow-listed file still exists and still holds SQL (remove entries whose move has landed)', () => {
    for (const [file, reason] of Object.entries(ALLOWED)) {
      assert.ok(reason.length > 20, `${file}: say why it may hold SQL`);
      assert.ok(!isRepository(file), `${file}: repositories need no entry`);
      assert.ok(existsSync(path.join(ROOT, file)), `${file} no longer exists: remove it from ALLOWED`);
      assert.notDeepEqual(
        findSql(readFileSync(path.join(ROOT, file), 'utf8')),
        [],
        `${file} holds no SQL any more: remove it from ALLOWED`,
      );
    }
  });
});
