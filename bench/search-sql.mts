// Search SQL in isolation (issue 17): the storefront search statement as it was before it became
// fixed-text prepared statements (the repository at a git ref) against the current one, on one
// connection, in one tenant transaction, on a seeded database. For each of three searches it
// reports wall ms per query and the Postgres backend's CPU (utime + stime of
// /proc/<pg_backend_pid()>/stat; Postgres must run on this machine), old and new in the same run,
// checks that both answer the same, and shows whether the prepared statement runs its generic plan.
//
//   node --import tsx bench/search-sql.mts [--before=<git ref>] [--n=2000] [--grow=0] [--explain]
//
// An old text without the prepared mark is sent as an unnamed statement (parsed and planned on
// every call, as it was); otherwise, and always for the new one, as a named prepared statement, as
// the API's PreparingClient sends it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { withTenant, type Database, type TenantTransaction } from '@sokoni/db';
import { createTestDatabase } from '../tests/helpers/database.ts';
import { fuzzyEligible, searchWords } from '../apps/api/src/modules/catalog/search-text.ts';
import type {
  SearchAfter,
  SearchFilters,
  SearchPlan,
  SearchRow,
  SearchSort,
  WordInfo,
} from '../apps/api/src/modules/catalog/search.repository.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPOSITORY = 'apps/api/src/modules/catalog/search.repository.ts';
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
/** The last commit with the statement text built from the words (before issue 17's rewrite). */
const BEFORE = arg('before') ?? '66a0058';
const N = Number(arg('n') ?? 2000);
/** Extra products in the store (one in 8 matches "charger", the rest no searched word): does the cost grow with the catalog? */
const GROW = Number(arg('grow') ?? 0);
const STORE = 'nairobi-gadgets';
const TYPO_SIMILARITY = '0.5';

interface Repository {
  describeWords(trx: TenantTransaction, words: string[]): Promise<WordInfo[]>;
  search(
    trx: TenantTransaction,
    plan: SearchPlan,
    sort: SearchSort,
    after: SearchAfter | null,
    limit: number,
  ): Promise<SearchRow>;
}

interface Case {
  name: string;
  q: string;
  filters: Partial<SearchFilters>;
  typos: boolean;
}

const CASES: Case[] = [
  { name: 'plain word', q: 'samsung', filters: {}, typos: false },
  { name: 'two words + filter', q: 'samsung 128gb', filters: { category: 'phones', inStock: true }, typos: false },
  { name: 'typo + Swahili', q: 'simu samsang', filters: {}, typos: true },
  {
    name: 'option filter',
    q: 'samsung',
    filters: { options: [{ name: 'storage', value: '128gb' }], maxPrice: 200000 },
    typos: false,
  },
  // With --grow, one filler product in 8 is a charger: a word matching many products of a big store.
  { name: 'broad word', q: 'charger', filters: {}, typos: false },
];

/**
 * A repository class loaded from source text: the Nest decorator is dropped (only SQL is wanted
 * here) and relative imports point at the current tree (product-card.repository is the same code
 * for both, so only the search statement differs).
 */
async function loadRepository(dir: string, file: string, text: string): Promise<Repository> {
  const catalog = path.join(ROOT, 'apps/api/src/modules/catalog');
  const source = text
    .replace(/^import \{ Injectable \} from '@nestjs\/common';\n/m, '')
    .replace(/^@Injectable\(\)\n/m, '')
    .replace(/from '\.\/([\w.-]+)'/g, (_m, name: string) => `from '${path.join(catalog, name)}.ts'`);
  const target = path.join(dir, file);
  await writeFile(target, source);
  const module = (await import(target)) as { SearchRepository: new () => Repository };
  return new module.SearchRepository();
}

/** The statements a repository sends for one search, captured from Kysely's log. */
async function capture(
  db: Kysely<Database>,
  log: { sql: string; params: unknown[] }[],
  tenantId: string,
  repo: Repository,
  c: Case,
) {
  const { terms, filters } = await withTenant(db, tenantId, async (trx) => {
    const words = searchWords(c.q);
    const info = await repo.describeWords(trx, words);
    const kept = info.filter((w) => !w.stopword || w.expansions.length > 0);
    return {
      terms: kept.map((w) => ({
        word: w.word,
        expansions: w.expansions,
        prefix: w.word === words[words.length - 1] && w.word.length >= 2,
        fuzzy: fuzzyEligible(w.word),
      })),
      filters: { category: null, minPrice: null, maxPrice: null, inStock: false, options: [], ...c.filters },
    };
  });
  log.length = 0;
  await withTenant(db, tenantId, (trx) => repo.search(trx, { terms, typos: c.typos, filters }, 'relevance', null, 25));
  const statement = log.find((q) => q.sql.includes('candidates AS MATERIALIZED'));
  assert.ok(statement, 'the search statement was not captured');
  return statement;
}

function backendCpuTicks(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/stat`, 'utf8').then((stat) => {
    // Fields after the command name (which may hold spaces) start at ") ": utime is field 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  });
}

async function main() {
  const database = await createTestDatabase({ seed: true });
  const dir = path.join(ROOT, 'bench', '.search-sql');
  await mkdir(dir, { recursive: true });
  const log: { sql: string; params: unknown[] }[] = [];
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.appUrl, max: 1 }) }),
    log: (event) => {
      if (event.level === 'query') log.push({ sql: event.query.sql, params: [...event.query.parameters] });
    },
  });
  const client = new pg.Client(database.appUrl);
  try {
    const before = execFileSync('git', ['show', `${BEFORE}:${REPOSITORY}`], { cwd: ROOT, encoding: 'utf8' });
    const oldRepo = await loadRepository(dir, 'before.ts', before);
    const newRepo = await loadRepository(dir, 'after.ts', await readFile(path.join(ROOT, REPOSITORY), 'utf8'));
    const tenant = await withClient(database.ownerUrl, (c) =>
      c.query<{ id: string }>('SELECT id FROM tenants WHERE slug = $1', [STORE]),
    );
    const tenantId = tenant.rows[0]!.id;
    await withClient(database.ownerUrl, async (c) => {
      await c.query(
        `INSERT INTO products (tenant_id, slug, title, brand, description)
         SELECT $1, 'filler-' || g, 'Filler ' || left(md5(g::text), 8) || CASE WHEN g % 8 = 0 THEN ' charger' ELSE ' kit' END, 'Acme', 'Plain filler item ' || g
           FROM generate_series(1, $2::int) g`,
        [tenantId, GROW],
      );
      // Two active variants each, as a real product has (a product without one is not shoppable).
      await c.query(
        `INSERT INTO product_variants (tenant_id, product_id, sku, price_kes, options, position)
         SELECT p.tenant_id, p.id, p.slug || '-' || v.colour, 1000 + v.n * 100, jsonb_build_object('Colour', v.colour), v.n
           FROM products p
          CROSS JOIN (VALUES (0, 'Black'), (1, 'White')) AS v(n, colour)
          WHERE p.tenant_id = $1 AND p.slug LIKE 'filler-%'`,
        [tenantId],
      );
      // Autovacuum would get there too; statistics as a running shop has them, for both texts.
      await c.query('ANALYZE');
    });
    const ticksPerMs = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) / 1000;

    await client.connect();
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    await client.query('BEGIN READ ONLY');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    await client.query(`SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)`, [TYPO_SIMILARITY]);

    console.log(
      `search SQL, ${STORE}, N=${N} per statement, one connection, one tenant transaction (before = ${BEFORE})`,
    );
    console.log(
      'case                  | old ms/q | new ms/q | old pg cpu ms/q | new pg cpu ms/q | generic/custom plans',
    );
    for (const c of CASES) {
      const old = await capture(db, log, tenantId, oldRepo, c);
      const now = await capture(db, log, tenantId, newRepo, c);
      const name = `bench_search_${CASES.indexOf(c)}`;
      // An old text that was already a fixed prepared statement runs prepared too (same footing).
      const runOld = old.sql.includes('sokoni:prepared')
        ? () => client.query({ name: `${name}_old`, text: old.sql, values: old.params })
        : () => client.query(old.sql, old.params);
      const runNew = () => client.query({ name, text: now.sql, values: now.params });
      // Same answer (the old text has no prepared mark; both have the same columns).
      assert.deepEqual((await runNew()).rows, (await runOld()).rows, `${c.name}: old and new answers differ`);
      if (process.argv.includes('--explain')) {
        console.log(`-- ${c.name}: generic plan of the new statement`);
        await client.query(`SET LOCAL plan_cache_mode = force_generic_plan`);
        // EXPLAIN EXECUTE takes no bind parameters: the values go in as literals.
        // The search's parameters are text, numbers, booleans, NULL and text arrays.
        const literals = now.params.map((v) => {
          if (v === null) return 'NULL';
          const text = (x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x));
          const quote = (x: unknown) => `"${text(x).replace(/["\\]/g, '\\$&')}"`;
          return client.escapeLiteral(Array.isArray(v) ? `{${v.map(quote).join(',')}}` : text(v));
        });
        const explain = await client.query(`EXPLAIN (ANALYZE, BUFFERS) EXECUTE ${name}(${literals.join(', ')})`);
        console.log(explain.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
        await client.query(`SET LOCAL plan_cache_mode = auto`);
        console.log(`-- ${c.name}: plan of the old statement`);
        const oldExplain = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${old.sql}`, old.params);
        console.log(oldExplain.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
      }
      const measure = async (run: () => Promise<unknown>) => {
        for (let i = 0; i < 20; i++) await run(); // warm: caches, and past the 5 custom plans
        const cpu0 = await backendCpuTicks(pid);
        const t0 = performance.now();
        for (let i = 0; i < N; i++) await run();
        const wall = performance.now() - t0;
        const cpu = (await backendCpuTicks(pid)) - cpu0;
        return { wall: wall / N, cpu: cpu / ticksPerMs / N };
      };
      const o = await measure(runOld);
      const n = await measure(runNew);
      const plans = await client.query<{ generic_plans: string; custom_plans: string }>(
        'SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1',
        [name],
      );
      const p = plans.rows[0]!;
      console.log(
        `${c.name.padEnd(21)} | ${o.wall.toFixed(3).padStart(8)} | ${n.wall.toFixed(3).padStart(8)} | ` +
          `${o.cpu.toFixed(3).padStart(15)} | ${n.cpu.toFixed(3).padStart(15)} | ${p.generic_plans}/${p.custom_plans}`,
      );
    }
    await client.query('ROLLBACK');
  } finally {
    await client.end().catch(() => undefined);
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
    await database.drop();
  }
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

await main();
