CREATE TABLE "search_terms" (
	"workspace_id" text NOT NULL,
	"environment" "environment" NOT NULL,
	"end_user_id" text NOT NULL,
	"lexeme" text NOT NULL,
	"df" integer NOT NULL,
	CONSTRAINT "search_terms_end_user_id_lexeme_pk" PRIMARY KEY("end_user_id","lexeme")
);
--> statement-breakpoint
DROP INDEX "search_index_tsv_idx";--> statement-breakpoint
ALTER TABLE "search_terms" ADD CONSTRAINT "search_terms_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_terms" ADD CONSTRAINT "search_terms_end_user_id_end_users_id_fk" FOREIGN KEY ("end_user_id") REFERENCES "public"."end_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "search_index_tsv_idx" ON "search_index" USING gin ("tsv") WITH (fastupdate=false) WHERE "search_index"."lexical";--> statement-breakpoint
-- search_terms.df follows search_index exactly: statement-level triggers with transition tables
-- add the lexemes of inserted `lexical` rows, subtract those of deleted rows, and on update do
-- both for the rows whose text or `lexical` flag changed.
CREATE FUNCTION "search_terms_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_terms AS st (workspace_id, environment, end_user_id, lexeme, df)
  SELECT r.workspace_id, r.environment, r.end_user_id, l.lexeme, count(*)::int
    FROM new_rows r CROSS JOIN LATERAL unnest(tsvector_to_array(r.tsv)) AS l(lexeme)
   WHERE r.lexical
   GROUP BY r.workspace_id, r.environment, r.end_user_id, l.lexeme
  ON CONFLICT (end_user_id, lexeme) DO UPDATE SET df = st.df + excluded.df;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "search_terms_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH gone AS (
    SELECT o.end_user_id, l.lexeme, count(*)::int AS n
      FROM old_rows o CROSS JOIN LATERAL unnest(tsvector_to_array(o.tsv)) AS l(lexeme)
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
CREATE FUNCTION "search_terms_update"() RETURNS trigger LANGUAGE plpgsql AS $$
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
          FROM changed c CROSS JOIN LATERAL unnest(tsvector_to_array(c.old_tsv)) AS l(lexeme) WHERE c.old_lexical
        UNION ALL
        SELECT c.end_user_id, l.lexeme, 1 AS n, c.workspace_id, c.environment
          FROM changed c CROSS JOIN LATERAL unnest(tsvector_to_array(c.new_tsv)) AS l(lexeme) WHERE c.new_lexical
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
CREATE TRIGGER "search_terms_on_insert" AFTER INSERT ON "search_index"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "search_terms_insert"();
--> statement-breakpoint
CREATE TRIGGER "search_terms_on_update" AFTER UPDATE ON "search_index"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "search_terms_update"();
--> statement-breakpoint
CREATE TRIGGER "search_terms_on_delete" AFTER DELETE ON "search_index"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "search_terms_delete"();
--> statement-breakpoint
INSERT INTO "search_terms" ("workspace_id", "environment", "end_user_id", "lexeme", "df")
SELECT s.workspace_id, s.environment, s.end_user_id, l.lexeme, count(*)::int
  FROM "search_index" s CROSS JOIN LATERAL unnest(tsvector_to_array(s.tsv)) AS l(lexeme)
 WHERE s.lexical
 GROUP BY s.workspace_id, s.environment, s.end_user_id, l.lexeme;
