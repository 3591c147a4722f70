-- The card's option values as three parallel arrays too (issue 17, search at scale).
--
-- The option facets of a search count, per option name and value, the matching products that
-- have it. From option_pairs (0052) that took jsonb_to_recordset per matching card, which builds
-- a small table per call: on a store of 2,000 products with 250 matches it was ~0.45 ms of the
-- ~3 ms statement, the largest cost that grows with the matches after the matching itself. The
-- same pairs as arrays unnest in the select list (no table per call): ~0.2 ms.
--
-- Generated from option_pairs, so they can never disagree with it and no writer changes: the card
-- function (0052) keeps writing option_pairs, which tests/db/product-cards.test.ts checks against
-- the variants after every kind of change. Element i of each array is pair i of option_pairs.
-- The release before this one never reads them.

CREATE FUNCTION app_option_pair_names(pairs jsonb) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN ARRAY(SELECT e ->> 'n' FROM jsonb_array_elements(pairs) WITH ORDINALITY AS x(e, i) ORDER BY i);

CREATE FUNCTION app_option_pair_values(pairs jsonb) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN ARRAY(SELECT e ->> 'v' FROM jsonb_array_elements(pairs) WITH ORDINALITY AS x(e, i) ORDER BY i);

CREATE FUNCTION app_option_pair_stocked(pairs jsonb) RETURNS boolean[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN ARRAY(SELECT (e ->> 's')::boolean FROM jsonb_array_elements(pairs) WITH ORDINALITY AS x(e, i) ORDER BY i);

ALTER TABLE product_cards
  ADD COLUMN option_names text[] NOT NULL GENERATED ALWAYS AS (app_option_pair_names(option_pairs)) STORED,
  ADD COLUMN option_values text[] NOT NULL GENERATED ALWAYS AS (app_option_pair_values(option_pairs)) STORED,
  ADD COLUMN option_stocked boolean[] NOT NULL GENERATED ALWAYS AS (app_option_pair_stocked(option_pairs)) STORED;
