import { Injectable } from '@nestjs/common';
import { preparedPlan, sql, type TenantTransaction } from '@sokoni/db';
import type { RawBuilder } from 'kysely';
import type { ProductCardRow } from './product-card';
import { cardPrice, productCardSql } from './product-card.repository';

/** One shopper word as the query uses it. */
export interface SearchTerm {
  word: string;
  /** Synonyms from search_synonyms ("simu" -> phone, smartphone, mobile). */
  expansions: string[];
  /** Also match words starting with it (the last word, still being typed). */
  prefix: boolean;
  /** May fall back to trigram similarity in typo mode. */
  fuzzy: boolean;
}

export interface SearchFilters {
  category: string | null;
  minPrice: number | null;
  maxPrice: number | null;
  inStock: boolean;
  /** Lowercased; same name = OR, different names = AND, all on one variant. */
  options: { name: string; value: string }[];
}

export type SearchSort = 'relevance' | 'price_asc' | 'price_desc' | 'newest';

export interface SearchPlan {
  /** Empty: browse (every shoppable product), e.g. a category page. */
  terms: SearchTerm[];
  /** Typo mode: a word also matches product words that are trigram-similar to it. */
  typos: boolean;
  filters: SearchFilters;
}

/** Keyset position: the sort key of the last card shown (score / price / created_at epoch) and its slug. */
export interface SearchAfter {
  key: string | number;
  slug: string;
}

export interface WordInfo {
  word: string;
  stopword: boolean;
  expansions: string[];
}

export interface SearchCardRow extends ProductCardRow {
  /** Sort keys as exact decimal text (keyset-safe: no float or time-zone round trip). */
  score: string;
  created_epoch: string;
}

export interface SearchRow {
  total: number;
  in_stock: number;
  price_min: number | null;
  price_max: number | null;
  categories: { value: string; label: string; count: number }[];
  options: { name: string; value: string; count: number }[];
  items: SearchCardRow[];
}

export interface CategoryCountRow {
  slug: string;
  name: string;
  product_count: number;
  /** Issue 12: the parent of a subcategory (categories nest one level). */
  parent_slug: string | null;
}

export interface RelatedAnchor {
  id: string;
  category_id: string | null;
  price_kes: number | null;
}

/**
 * Storefront search, categories and related products. Every query runs in a tenant transaction
 * and none filters by tenant itself: RLS does. (Joins name tenant_id because every key is
 * (tenant_id, id); that is for the indexes, not for isolation.)
 *
 * "Shoppable" = an active product with at least one active variant (it has a price). Search,
 * category counts and related products all use that, so a category page total always equals
 * the count shown next to the category.
 */
@Injectable()
export class SearchRepository {
  /** Which words are English stop words (Postgres' own list) and what synonyms each has. */
  async describeWords(trx: TenantTransaction, words: string[]): Promise<WordInfo[]> {
    const result = await sql<WordInfo>`${preparedPlan}
      SELECT w.word,
             numnode(plainto_tsquery('english', w.word)) = 0 AS stopword,
             coalesce(s.expansions, '{}') AS expansions
        FROM unnest(${words}::text[]) WITH ORDINALITY AS w(word, ord)
        LEFT JOIN search_synonyms s ON s.term = w.word
       ORDER BY w.ord`.execute(trx);
    return result.rows;
  }

  /** Word-similarity cut-off for typo mode, for this transaction only (SET LOCAL). */
  async useTypoThreshold(trx: TenantTransaction, threshold: number): Promise<void> {
    await sql`${preparedPlan} SELECT set_config('pg_trgm.word_similarity_threshold', ${String(threshold)}, true)`.execute(
      trx,
    );
  }

  /**
   * One statement for the whole answer: total, facets (each ignoring its own filter, so picking
   * one value keeps the other values visible) and one page of cards in the sort order after
   * `after`. One statement means the filtered set is planned and computed once.
   *
   * Four fixed statement texts (browse or words, option filter or not), each a named prepared
   * statement: the words, the filters, the sort and the cursor are all parameters, never part of
   * the text, so Postgres plans each text once per connection instead of on every search (issue 17).
   */
  async search(
    trx: TenantTransaction,
    plan: SearchPlan,
    sort: SearchSort,
    after: SearchAfter | null,
    limit: number,
  ): Promise<SearchRow> {
    const { filters } = plan;
    // With an option filter the variants are read ("Black" and "128GB" must be one variant);
    // without one, everything needed of them is on the card. Two texts, each prepared.
    const byVariant = filters.options.length > 0;
    const inStock = filters.inStock;
    const names = filters.options.map((o) => o.name);
    const values = filters.options.map((o) => o.value);
    // Every sort as one ascending key, then slug (unique per store, so ties never reorder
    // between pages): the keyset condition is then one row comparison for every sort.
    const sortKey = sql`CASE ${sort}::text WHEN 'relevance' THEN -score WHEN 'price_asc' THEN price
                          WHEN 'price_desc' THEN -price ELSE -created_epoch END`;
    const afterKey = sql`(CASE WHEN ${sort}::text = 'price_asc' THEN 1 ELSE -1 END * ${after === null ? null : String(after.key)}::numeric)`;
    const priceOk = sql`(${filters.minPrice}::int IS NULL OR price >= ${filters.minPrice}::int)
                 AND (${filters.maxPrice}::int IS NULL OR price <= ${filters.maxPrice}::int)`;
    const result = await sql<SearchRow>`${preparedPlan}
      ${plan.terms.length === 0 ? browsed(filters.category, byVariant) : matchedWords(plan, byVariant)},
      ${byVariant ? variantCandidates(priceOk, inStock, names, values) : cardCandidates(priceOk, inStock)},
      page AS (
        SELECT tenant_id, id, score, created_epoch, row_number() OVER (ORDER BY sort_key, slug) AS ord
          FROM (SELECT *, ${sortKey} AS sort_key FROM candidates) c
         WHERE category_ok AND price_ok AND variant_ok
           AND (${after?.slug ?? null}::text IS NULL OR (sort_key, slug) > (${afterKey}, ${after?.slug ?? null}::text))
         ORDER BY sort_key, slug
         LIMIT ${limit}::int)
      SELECT
        (SELECT count(*)::int FROM candidates WHERE category_ok AND price_ok AND variant_ok) AS total,
        (SELECT count(*)::int FROM candidates WHERE category_ok AND price_ok AND variant_in_stock) AS in_stock,
        (SELECT min(price) FROM candidates WHERE category_ok AND variant_ok) AS price_min,
        (SELECT max(price) FROM candidates WHERE category_ok AND variant_ok) AS price_max,
        -- Counted per category id, then named: one categories lookup per category, not per product.
        (SELECT coalesce(json_agg(json_build_object('value', c.slug, 'label', c.name, 'count', x.n)
                                  ORDER BY c.position, c.name), '[]')
           FROM (SELECT tenant_id, category_id, count(*)::int AS n
                   FROM candidates
                  WHERE category_id IS NOT NULL AND price_ok AND variant_ok
                  GROUP BY tenant_id, category_id) x
           JOIN categories c ON c.tenant_id = x.tenant_id AND c.id = x.category_id) AS categories,
        -- Option facets: from the variants with an option filter, else from the cards.
        ${byVariant ? variantOptionFacet(inStock) : cardOptionFacet(inStock)} AS options,
        (SELECT coalesce(json_agg(row_to_json(r) ORDER BY r.ord), '[]')
           FROM (SELECT card.*, page.score::text AS score, page.created_epoch::text AS created_epoch, page.ord
                   FROM page
                  CROSS JOIN LATERAL (${productCardSql()} WHERE p.tenant_id = page.tenant_id AND p.id = page.id) card) r) AS items`.execute(
      trx,
    );
    return result.rows[0]!;
  }

  /**
   * Categories with shoppable products, top level first then each one's subcategories; a parent
   * counts its subcategories' products too (its page lists them: categoryOk matches the parent).
   */
  async categoriesWithProducts(trx: TenantTransaction): Promise<CategoryCountRow[]> {
    const result = await sql<CategoryCountRow>`${preparedPlan}
      WITH direct AS (
        SELECT p.category_id AS id, count(*)::int AS n
          FROM products p
         WHERE p.status = 'active' AND p.category_id IS NOT NULL
           AND EXISTS (SELECT 1 FROM product_variants v
                        WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id AND v.status = 'active')
         GROUP BY p.category_id
      ), counted AS (
        SELECT c.slug, c.name, parent.slug AS parent_slug,
               coalesce(parent.position, c.position) AS top_position, coalesce(parent.name, c.name) AS top_name,
               c.parent_id IS NOT NULL AS is_child, c.position,
               (coalesce(d.n, 0) + coalesce((SELECT sum(dc.n) FROM categories ch
                                               JOIN direct dc ON dc.id = ch.id
                                              WHERE ch.tenant_id = c.tenant_id AND ch.parent_id = c.id), 0))::int
                 AS product_count
          FROM categories c
          LEFT JOIN categories parent ON parent.tenant_id = c.tenant_id AND parent.id = c.parent_id
          LEFT JOIN direct d ON d.id = c.id
      )
      SELECT slug, name, product_count, parent_slug
        FROM counted
       WHERE product_count > 0
       ORDER BY top_position, top_name, is_child, position, name`.execute(trx);
    return result.rows;
  }

  /** The product related products are chosen around: its category and the price a shopper pays now (its card's). */
  async findAnchor(trx: TenantTransaction, slug: string): Promise<RelatedAnchor | undefined> {
    const result = await sql<RelatedAnchor>`
      SELECT pc.product_id AS id, pc.category_id, ${cardPrice('pc')} AS price_kes
        FROM product_cards pc
       WHERE pc.slug = ${slug} AND pc.status = 'active'`.execute(trx);
    return result.rows[0];
  }

  /** Cards of the given products, in the given order, skipping inactive or unpriced ones. */
  async cardsByIds(trx: TenantTransaction, ids: string[], exclude: string[], limit: number): Promise<ProductCardRow[]> {
    if (ids.length === 0) return [];
    const result = await sql<ProductCardRow>`
      SELECT card.*
        FROM (${productCardSql()}
               WHERE p.status = 'active' AND p.id = ANY (${ids}::uuid[]) AND NOT (p.id = ANY (${exclude}::uuid[]))) card
       WHERE card.price_kes IS NOT NULL
       ORDER BY array_position(${ids}::uuid[], card.id)
       LIMIT ${limit}`.execute(trx);
    return result.rows;
  }

  /** Same category, in stock first, then the closest price, then A-Z. */
  async sameCategory(
    trx: TenantTransaction,
    anchor: RelatedAnchor,
    exclude: string[],
    limit: number,
  ): Promise<ProductCardRow[]> {
    if (!anchor.category_id) return [];
    const result = await sql<ProductCardRow>`
      SELECT card.*
        FROM (${productCardSql()}
               WHERE p.status = 'active' AND p.category_id = ${anchor.category_id}
                 AND p.id <> ${anchor.id} AND NOT (p.id = ANY (${exclude}::uuid[]))) card
       WHERE card.price_kes IS NOT NULL
       ORDER BY card.in_stock DESC, abs(card.price_kes - ${anchor.price_kes ?? 0}::int), card.slug
       LIMIT ${limit}`.execute(trx);
    return result.rows;
  }
}

/**
 * `candidates`, one row per shoppable product of `matched`, from its variants: for searches with
 * an option filter. Option filters apply to one variant: "Black" and "128GB" means a Black 128GB
 * variant; unmet = the filtered option names a variant does not satisfy. candidate_variants is one
 * row per active variant (a product without one is not shoppable and drops out there).
 */
function variantCandidates(priceOk: RawBuilder<unknown>, inStock: boolean, names: string[], values: string[]) {
  return sql`candidate_variants AS MATERIALIZED (
        SELECT x.*, ${priceOk} AS price_ok
          FROM (SELECT m.*, v.options, v.on_hand > 0 AS stocked,
                       ARRAY(SELECT DISTINCT f.name FROM unnest(${names}::text[]) AS f(name)
                              WHERE NOT EXISTS (
                                    SELECT 1 FROM jsonb_each_text(v.options) o, unnest(${names}::text[], ${values}::text[]) AS w(name, value)
                                     WHERE w.name = f.name AND lower(o.key) = w.name AND lower(o.value) = w.value)) AS unmet
                  FROM matched m
                  JOIN product_variants v ON v.tenant_id = m.tenant_id AND v.product_id = m.id
                 WHERE v.status = 'active') x
      ),
      candidates AS MATERIALIZED (
        SELECT tenant_id, id, slug, created_epoch, score, category_id, category_ok, price, price_ok,
               bool_or(cardinality(unmet) = 0 AND (stocked OR NOT ${inStock}::boolean)) AS variant_ok,
               bool_or(cardinality(unmet) = 0 AND stocked) AS variant_in_stock
          FROM candidate_variants
         GROUP BY tenant_id, id, slug, created_epoch, score, category_id, category_ok, price, price_ok
      )`;
}

/**
 * `candidates` from the cards alone, for searches without an option filter: shoppable = the card
 * has a price (an active variant), a variant passes the stock filter when the card is in stock,
 * and the card's option pairs (migration 0052; as arrays, 0053) stand in for its variants'
 * options. The same rows as variantCandidates would give with no option filter:
 * bench/search-sql.mts checks the answers against the statement that read the variants, and
 * tests/db/product-cards.test.ts that every card's option pairs equal its variants' after each
 * kind of change.
 */
function cardCandidates(priceOk: RawBuilder<unknown>, inStock: boolean) {
  return sql`candidates AS MATERIALIZED (
        SELECT tenant_id, id, slug, created_epoch, score, category_id, category_ok, price, ${priceOk} AS price_ok,
               in_stock OR NOT ${inStock}::boolean AS variant_ok, in_stock AS variant_in_stock,
               option_names, option_values, option_stocked
          FROM matched
         WHERE shoppable
      )`;
}

// The option facets: per option name and value, how many products would match with that value
// picked. A product counts once per value however many of its variants have it.

/** From the variants: a variant counts for option N when N is the only filter it fails (or it fails none). */
function variantOptionFacet(inStock: boolean) {
  // v.id is the product's id. Pairs made distinct first, then counted: both hashed, and only the
  // groups sorted (count(DISTINCT) sorted every pair).
  return sql`(SELECT coalesce(json_agg(json_build_object('name', x.name, 'value', x.value, 'count', x.n)
                                  ORDER BY x.name, x.value), '[]')
           FROM (SELECT d.name, d.value, count(*)::int AS n
                   FROM (SELECT DISTINCT v.id, o.key AS name, o.value
                           FROM candidate_variants v
                          CROSS JOIN LATERAL jsonb_each_text(v.options) o
                          WHERE v.category_ok AND v.price_ok
                            AND v.unmet <@ ARRAY[lower(o.key)]
                            AND (v.stocked OR NOT ${inStock}::boolean)) d
                  GROUP BY d.name, d.value) x)`;
}

/**
 * From the cards (no option filter): each pair is on a card once, with whether a variant having
 * it is in stock. The pairs as parallel arrays (0053), unnested side by side in the select list:
 * no table built per card, as jsonb_to_recordset built (about twice the cost over 250 matching
 * cards: 0.41 ms against 0.21).
 */
function cardOptionFacet(inStock: boolean) {
  return sql`(SELECT coalesce(json_agg(json_build_object('name', x.name, 'value', x.value, 'count', x.n)
                                  ORDER BY x.name, x.value), '[]')
           FROM (SELECT o.name, o.value, count(*)::int AS n
                   FROM (SELECT unnest(c.option_names) AS name, unnest(c.option_values) AS value,
                                unnest(c.option_stocked) AS stocked
                           FROM candidates c
                          WHERE c.category_ok AND c.price_ok) o
                  WHERE o.stocked OR NOT ${inStock}::boolean
                  GROUP BY o.name, o.value) x)`;
}

/**
 * Browse (no words): every active product, flagged for the category filter. Score 0 (browse
 * sorts by something else; a browse never asks for relevance).
 */
function browsed(category: string | null, byVariant: boolean) {
  return sql`WITH matched AS ${matchedMaterialized(byVariant)} (
        SELECT pc.tenant_id, pc.product_id AS id, pc.slug, extract(epoch FROM pc.created_at) AS created_epoch,
               round(0::numeric, 6) AS score, ${cardColumns(category)}
          FROM product_cards pc
         WHERE pc.status = 'active'
      )`;
}

/**
 * The products matching every word, as CTEs ending in `matched`. The words arrive as one JSON
 * parameter; user text only ever travels as bound parameters (into app_search_word_query and the
 * trigram operator; see migration 0003), so no word can be read as tsquery syntax.
 *
 * The words' queries are built once (MATERIALIZED), then `candidate` tests them against
 * product_search alone and scores the products that match, and only those are joined to their
 * cards. (Testing while joining, as before, cost 2.4-2.6x the Postgres CPU: bench/search-sql.mts;
 * joining products, product_search again and categories per match instead of the card alone cost
 * another ~1.5x on a store of 2,000 products.)
 * The GIN indexes on product_search cannot serve `@@` or `<%` for the app role: those operators
 * are not LEAKPROOF, and forced RLS lets Postgres use a non-leakproof condition only after the
 * policy's, so the store's rows are read through the primary key and each one is tested: the cost
 * still grows with the store's catalog (ARCHITECTURE.md, "Database"). A word that may not fall back
 * to typos has no fuzzy_word.
 *
 * Scores are those of the words written out: `all` = q1 && q2 && ..., `any` and `literal` their
 * || (migration 0048's aggregates fold in word order, the same tree, so the same ts_rank), and
 * the typo score adds each fuzzy word's similarity left to right (sum ... ORDER BY: real
 * arithmetic, same order, same rounding).
 */
function matchedWords(plan: SearchPlan, byVariant: boolean) {
  const terms = plan.terms.map((t) => ({
    word: t.word,
    expansions: t.expansions,
    prefix: t.prefix,
    fuzzy: plan.typos && t.fuzzy,
  }));
  return sql`WITH terms AS MATERIALIZED (  -- once per query, not once per product
        SELECT t.ord, t.word, CASE WHEN t.fuzzy THEN t.word END AS fuzzy_word,
               app_search_word_query(t.word, t.expansions, t.prefix) AS q,
               -- The shopper's own word without synonyms: matching it ranks above matching an
               -- expansion ("sufuria" finds pots too, but the sufurias come first).
               app_search_word_query(t.word, '{}'::text[], t.prefix) AS l
          FROM ROWS FROM (jsonb_to_recordset(${JSON.stringify(terms)}::jsonb)
                            AS (word text, expansions text[], prefix boolean, fuzzy boolean))
               WITH ORDINALITY AS t(word, expansions, prefix, fuzzy, ord)
      ),
      query AS MATERIALIZED (
        SELECT app_tsquery_and(q ORDER BY ord) AS all_q, app_tsquery_or(q ORDER BY ord) AS any_q,
               app_tsquery_or(l ORDER BY ord) AS literal_q, bool_or(fuzzy_word IS NOT NULL) AS typos
          FROM terms
      ),
      -- The products that match, from product_search alone (the narrow table), before anything
      -- is joined: every word at once through the ANDed query, or (typo mode) word by word, each by
      -- its query or, for a fuzzy word, by trigram similarity.
      -- Scored here, while the document is at hand (the select list runs only for the rows that match).
      candidate AS MATERIALIZED (
        SELECT s.tenant_id, s.product_id,
               -- Typo mode ranks by how close the words are, plus whatever matched exactly.
               round((CASE WHEN q.typos
                           THEN (SELECT sum(x.v ORDER BY x.ord)
                                   FROM (SELECT 0::bigint AS ord, ts_rank(s.document, q.any_q) AS v
                                         UNION ALL
                                         SELECT t.ord, word_similarity(t.fuzzy_word, s.words)
                                           FROM terms t WHERE t.fuzzy_word IS NOT NULL) x)
                           ELSE ts_rank(s.document, q.all_q) + ts_rank(s.document, q.literal_q)
                      END)::numeric, 6) AS score
          FROM product_search s
         CROSS JOIN query q
         WHERE s.document @@ q.all_q
            OR (q.typos AND NOT EXISTS (
                  SELECT 1 FROM terms t
                   WHERE NOT (s.document @@ t.q OR (t.fuzzy_word IS NOT NULL AND t.fuzzy_word <% s.words))))
      ),
      -- Everything else a match needs is on its card (kept by triggers): one lookup per match.
      matched AS ${matchedMaterialized(byVariant)} (
        SELECT pc.tenant_id, pc.product_id AS id, pc.slug, extract(epoch FROM pc.created_at) AS created_epoch, m.score,
               ${cardColumns(plan.filters.category)}
          FROM candidate m
          JOIN product_cards pc ON pc.tenant_id = m.tenant_id AND pc.product_id = m.product_id
         WHERE pc.status = 'active'
      )`;
}

/**
 * `matched` is read once either way. From the cards alone (no option filter) it is inlined into
 * `candidates`, which is materialized: one copy of the matches less (about 0.1 ms of a 3 ms
 * search over 250 matches). Joined to the variants it stays materialized: inlined, its card price
 * and category test would run once per variant, not once per product.
 */
function matchedMaterialized(byVariant: boolean) {
  return byVariant ? sql`MATERIALIZED` : sql`NOT MATERIALIZED`;
}

/**
 * What `matched` takes from card `pc` besides its key and sort keys: its price now, stock and
 * option values, whether it is shoppable (has an active variant, so a price), and its category.
 */
function cardColumns(category: string | null) {
  return sql`${cardPrice('pc')} AS price, pc.price_kes IS NOT NULL AS shoppable, pc.in_stock,
               pc.option_names, pc.option_values, pc.option_stocked,
               ${categoryColumns(category)}`;
}

/**
 * Card `pc`'s category and whether it passes the category filter (NULL = no filter). A parent
 * category's page lists its subcategories' products too (issue 12: one level of nesting), so the
 * filter is the category's id and its children's, found once per query (an uncorrelated subquery).
 */
function categoryColumns(category: string | null) {
  return sql`pc.category_id,
               (${category}::text IS NULL OR coalesce(pc.category_id = ANY (ARRAY(
                  SELECT c.id FROM categories c
                    LEFT JOIN categories cp ON cp.tenant_id = c.tenant_id AND cp.id = c.parent_id
                   WHERE c.slug = ${category}::text OR cp.slug = ${category}::text)), false)) AS category_ok`;
}
