-- search_terms also counts each user's `lexical` rows, under the empty lexeme '' (never a real
-- lexeme): retrieval weighs a query's words by how rare they are among the user's rows (BM25's
-- idf needs that count). Each lexical row contributes one '' occurrence, so the existing
-- arithmetic keeps it exact.
CREATE OR REPLACE FUNCTION "search_terms_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_terms AS st (workspace_id, environment, end_user_id, lexeme, df)
  SELECT r.workspace_id, r.environment, r.end_user_id, l.lexeme, count(*)::int
    FROM new_rows r CROSS JOIN LATERAL unnest(tsvector_to_array(r.tsv) || array['']) AS l(lexeme)
   WHERE r.lexical
   GROUP BY r.workspace_id, r.environment, r.end_user_id, l.lexeme
  ON CONFLICT (end_user_id, lexeme) DO UPDATE SET df = st.df + excluded.df;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "search_terms_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH gone AS (
    SELECT o.end_user_id, l.lexeme, count(*)::int AS n
      FROM old_rows o CROSS JOIN LATERAL unnest(tsvector_to_array(o.tsv) || array['']) AS l(lexeme)
     WHERE o.lexical
     GROUP BY o.end_user_id, l.lexeme
  ),
  emptied AS (
    DELETE FROM search_terms st USING gone
     WHERE st.end_user_id = gone.end_user_id AND st.lexeme = gone.lexeme AND st.df <= gone.n
  )
  UPDATE search_terms st SET df = st.df - gone.n
    FROM gone WHERE st.end_user_id = gone.end_user_id AND st.lexeme = gone.lexeme AND st.df > gone.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "search_terms_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH changed AS (
    SELECT o.end_user_id, o.tsv AS old_tsv, o.lexical AS old_lexical, r.workspace_id, r.environment, r.tsv AS new_tsv, r.lexical AS new_lexical
      FROM old_rows o JOIN new_rows r ON r.id = o.id
     WHERE o.tsv IS DISTINCT FROM r.tsv OR o.lexical IS DISTINCT FROM r.lexical
  ),
  delta AS (
    SELECT end_user_id, lexeme, sum(n)::int AS n, min(workspace_id) AS workspace_id, min(environment::text) AS environment
      FROM (
        SELECT c.end_user_id, l.lexeme, -1 AS n, c.workspace_id, c.environment
          FROM changed c CROSS JOIN LATERAL unnest(tsvector_to_array(c.old_tsv) || array['']) AS l(lexeme) WHERE c.old_lexical
        UNION ALL
        SELECT c.end_user_id, l.lexeme, 1 AS n, c.workspace_id, c.environment
          FROM changed c CROSS JOIN LATERAL unnest(tsvector_to_array(c.new_tsv) || array['']) AS l(lexeme) WHERE c.new_lexical
      ) d
     GROUP BY end_user_id, lexeme
    HAVING sum(n) <> 0
  ),
  emptied AS (
    DELETE FROM search_terms st USING delta
     WHERE st.end_user_id = delta.end_user_id AND st.lexeme = delta.lexeme AND delta.n < 0 AND st.df <= -delta.n
  )
  INSERT INTO search_terms AS st (workspace_id, environment, end_user_id, lexeme, df)
  SELECT workspace_id, environment::environment, end_user_id, lexeme, n FROM delta
   WHERE n > 0 OR EXISTS (
     SELECT 1 FROM search_terms x WHERE x.end_user_id = delta.end_user_id AND x.lexeme = delta.lexeme AND x.df > -delta.n)
  ON CONFLICT (end_user_id, lexeme) DO UPDATE SET df = st.df + excluded.df;
  RETURN NULL;
END $$;
--> statement-breakpoint
INSERT INTO "search_terms" ("workspace_id", "environment", "end_user_id", "lexeme", "df")
SELECT s.workspace_id, s.environment, s.end_user_id, '', count(*)::int
  FROM "search_index" s
 WHERE s.lexical
 GROUP BY s.workspace_id, s.environment, s.end_user_id
ON CONFLICT ("end_user_id", "lexeme") DO UPDATE SET "df" = excluded."df";
