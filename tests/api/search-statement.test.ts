// The search statement as fixed-text named prepared statements (issue 17): the repository over a
// real seeded Postgres as the app role (RLS), through the API's own PreparingClient pool on one
// connection. Checks that the text never depends on the input, that inputs the fixed form could
// get wrong (no words, characters that are tsquery syntax, very long words, Swahili, typos)
// answer as they should, and that Postgres' generic plan answers what the first custom plans did.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql, withTenant, type Kysely, type Database, type TenantTransaction } from '@sokoni/db';
import {
  SearchRepository,
  type SearchPlan,
  type SearchSort,
  type SearchTerm,
} from '../../apps/api/dist/modules/catalog/search.repository.js';
import { createTestDatabase, createTestPool, withClient, type TestDatabase } from '../helpers/database.ts';

const STORE = 'nairobi-gadgets';
const repository = new SearchRepository();
let database: TestDatabase;
let db: Kysely<Database>;
let tenantId: string;

const noFilters = { category: null, minPrice: null, maxPrice: null, inStock: false, options: [] };

function term(word: string, expansions: string[] = [], prefix = false): SearchTerm {
  return { word, expansions, prefix, fuzzy: word.length >= 4 };
}

function plan(terms: SearchTerm[], overrides: Partial<SearchPlan> = {}): SearchPlan {
  return { terms, typos: false, filters: noFilters, ...overrides };
}

function inStore<T>(fn: (trx: TenantTransaction) => Promise<T>): Promise<T> {
  return withTenant(db, tenantId, fn);
}

/** The search statements prepared on the session: text and how often each ran. */
async function preparedSearches(): Promise<{ statement: string; runs: number; generic_plans: number }[]> {
  return inStore(async (trx) => {
    const result = await sql<{ statement: string; runs: number; generic_plans: number }>`
      SELECT statement, (generic_plans + custom_plans)::int AS runs, generic_plans::int AS generic_plans
        FROM pg_prepared_statements WHERE statement LIKE '%candidates AS MATERIALIZED%'`.execute(trx);
    return result.rows;
  });
}

async function slugs(p: SearchPlan, sort: SearchSort = 'relevance'): Promise<string[]> {
  const row = await inStore(async (trx) => {
    if (p.typos) await repository.useTypoThreshold(trx, 0.5);
    return repository.search(trx, p, sort, null, 48);
  });
  return row.items.map((i) => i.slug);
}

before(async () => {
  database = await createTestDatabase({ seed: true });
  // One connection: every statement of the file runs on the same server session, so the prepared
  // statements and their plan counters can be read back.
  db = createTestPool({ url: database.appUrl, max: 1, preparedStatements: true });
  const rows = await withClient(database.ownerUrl, (c) =>
    c.query<{ id: string }>('SELECT id FROM tenants WHERE slug = $1', [STORE]),
  );
  tenantId = rows.rows[0]!.id;
});

after(async () => {
  await db?.destroy();
  await database?.drop();
});

describe('search statement', () => {
  test('one text each for browse and words, with and without an option filter, whatever the words, filters, sort, cursor or typo mode', async () => {
    assert.deepEqual(await preparedSearches(), [], 'a fresh session');
    const filtered = {
      category: 'phones',
      minPrice: 1000,
      maxPrice: 500_000,
      inStock: true,
      options: [{ name: 'storage', value: '128gb' }],
    };
    const cursor = { key: '0.5', slug: 'a' };
    await inStore(async (trx) => {
      await repository.search(trx, plan([]), 'newest', null, 25);
      await repository.search(trx, plan([], { filters: filtered }), 'price_asc', { key: 1000, slug: 'a' }, 9);
      await repository.search(trx, plan([term('samsung')]), 'relevance', null, 25);
      await repository.search(
        trx,
        plan([term('simu', ['phone', 'smartphone']), term('samsang', [], true)], { typos: true, filters: filtered }),
        'relevance',
        cursor,
        3,
      );
      await repository.search(trx, plan(Array.from({ length: 8 }, (_, i) => term(`w${i}x`))), 'price_desc', null, 48);
    });
    // Every one of the five searches ran as one of four prepared statements: browse or words, each
    // reading the variants (an option filter) or the cards alone.
    const prepared = await preparedSearches();
    assert.equal(prepared.length, 4, 'browse and words, with and without an option filter: four texts');
    assert.deepEqual(prepared.map((p) => p.runs).sort(), [1, 1, 1, 2]);
    const byVariant = prepared.filter((p) => p.statement.includes('candidate_variants'));
    assert.deepEqual(
      byVariant.map((p) => p.runs),
      [1, 1],
      'the two searches with an option filter read the variants',
    );
  });

  test('characters that are tsquery syntax are only text: quotes, backslash, colon, & | ! <-> :*', async () => {
    const samsung = await slugs(plan([term('samsung')]));
    assert.ok(samsung.length >= 10, `samsung: ${samsung.length}`);
    for (const word of [
      "samsung'",
      'samsung\\',
      'samsung:*',
      '!samsung',
      'samsung&|',
      '"samsung"',
      '(samsung)',
      'samsung:A',
    ]) {
      assert.deepEqual(await slugs(plan([term(word)])), samsung, word);
      // The last word is matched as a prefix too: built from plainto's quoted output, still only text.
      assert.deepEqual(await slugs(plan([term(word, [], true)])), samsung, `${word} as prefix`);
    }
    for (const word of ["'", '\\', '&', '|', '!', ':', '<->', '()', "'':*"]) {
      assert.deepEqual(await slugs(plan([term(word, [], true)])), [], JSON.stringify(word));
      assert.deepEqual(await slugs(plan([term(word)], { typos: true })), [], `${JSON.stringify(word)} in typo mode`);
    }
  });

  test('no words is browse; only stop words match nothing; a very long word matches nothing', async () => {
    const all = await inStore((trx) => repository.search(trx, plan([]), 'newest', null, 48));
    assert.equal(all.total, database.seed!.stores[0]!.products);
    assert.equal((await inStore((trx) => repository.search(trx, plan([term('the')]), 'relevance', null, 48))).total, 0);
    assert.equal(
      (await inStore((trx) => repository.search(trx, plan([term('x'.repeat(5000), [], true)]), 'relevance', null, 48)))
        .total,
      0,
    );
  });

  test('Swahili through its synonyms, and a typo through trigrams, as the written-out statement found them', async () => {
    const simu = await slugs(plan([term('simu', ['phone', 'smartphone', 'mobile'])]));
    assert.ok(simu.length > 0 && simu.every((s) => !s.includes('watch')), `simu: ${simu.join(' ')}`);
    assert.deepEqual(await slugs(plan([term('samsang')])), [], 'no typo tolerance outside typo mode');
    // Typos compare with title, brand and category only (not the description, which "samsung" also searches).
    const typo = await slugs(plan([term('samsang')], { typos: true }));
    const samsung = await slugs(plan([term('samsung')]));
    assert.ok(typo.length >= 10 && typo.every((s) => s.startsWith('samsung-') && samsung.includes(s)), typo.join(' '));
    // Two words, one exact (through synonyms) and one a typo: both must match.
    const both = await slugs(
      plan([term('simu', ['phone', 'smartphone', 'mobile']), term('samsang', [], true)], { typos: true }),
    );
    assert.ok(both.length > 0 && both.every((s) => simu.includes(s)), `simu samsang: ${both.join(' ')}`);
  });

  test('the generic plan answers what the custom plans did (Postgres switches after 5 executions)', async () => {
    const cases: [SearchPlan, SearchSort][] = [
      [plan([]), 'newest'],
      [plan([term('samsung'), term('128gb', [], true)], { filters: { ...noFilters, inStock: true } }), 'price_asc'],
      [
        plan([term('simu', ['phone', 'smartphone', 'mobile']), term('samsang', [], true)], { typos: true }),
        'relevance',
      ],
    ];
    for (const [p, sort] of cases) {
      const answers = [];
      for (let i = 0; i < 8; i++) answers.push(JSON.stringify(await slugs(p, sort)));
      assert.equal(new Set(answers).size, 1, `${sort}: ${answers[0]}`);
    }
    // These cases have no option filter: the two texts that read the cards alone.
    const plans = (await preparedSearches()).filter((p) => !p.statement.includes('candidate_variants'));
    assert.equal(plans.length, 2);
    assert.ok(
      plans.every((p) => p.generic_plans > 0),
      `generic plans in use: ${JSON.stringify(plans)}`,
    );
  });
});
