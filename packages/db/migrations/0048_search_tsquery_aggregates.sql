-- Search as one fixed statement text (issue 17): the shopper's words travel as one array
-- parameter, so the per-word tsqueries (app_search_word_query, 0003) are combined in SQL rather
-- than by writing `q0 && q1 && ...` into the statement text. Postgres has the binary operators
-- (tsquery_and / tsquery_or behind && and ||) but no aggregate over them: these fold a set of
-- tsqueries left to right, which gives the same tree, and so the same ts_rank, as the operators
-- written out. Strict state functions without an initial value: the first row is the start, NULL
-- rows are skipped and an empty set gives NULL (which matches nothing).
CREATE AGGREGATE app_tsquery_and(tsquery) (SFUNC = tsquery_and, STYPE = tsquery, PARALLEL = SAFE);
CREATE AGGREGATE app_tsquery_or(tsquery) (SFUNC = tsquery_or, STYPE = tsquery, PARALLEL = SAFE);
