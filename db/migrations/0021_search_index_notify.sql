-- The embedded database keeps each searched user's rows of search_index in the app's memory
-- (server/retrieval/memory-index.ts). It must know at once when they change: a statement-level
-- trigger sends the changed users' ids on the channel `pio_search_index`, delivered when the
-- transaction commits, in the same reply as the commit. Only a session that asked for it
-- (`SET pio.search_notify = 'on'`, the embedded database's one session) sends anything: on a
-- Postgres server, where nothing is cached, a NOTIFY would serialize committing transactions.
-- Cascaded deletes (a memory, a document or a user deleted) fire these triggers too.
CREATE FUNCTION "search_index_notify_new"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('pio.search_notify', true), '') = 'on' THEN
    PERFORM pg_notify('pio_search_index', u) FROM (SELECT DISTINCT end_user_id AS u FROM new_rows) x;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "search_index_notify_old"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('pio.search_notify', true), '') = 'on' THEN
    PERFORM pg_notify('pio_search_index', u) FROM (SELECT DISTINCT end_user_id AS u FROM old_rows) x;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "search_index_notify_both"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('pio.search_notify', true), '') = 'on' THEN
    PERFORM pg_notify('pio_search_index', u)
       FROM (SELECT end_user_id AS u FROM old_rows UNION SELECT end_user_id FROM new_rows) x;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "search_index_notify_on_insert" AFTER INSERT ON "search_index"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "search_index_notify_new"();
--> statement-breakpoint
CREATE TRIGGER "search_index_notify_on_update" AFTER UPDATE ON "search_index"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "search_index_notify_both"();
--> statement-breakpoint
CREATE TRIGGER "search_index_notify_on_delete" AFTER DELETE ON "search_index"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "search_index_notify_old"();
--> statement-breakpoint
CREATE FUNCTION "search_index_notify_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('pio.search_notify', true), '') = 'on' THEN
    PERFORM pg_notify('pio_search_index', '*');
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "search_index_notify_on_truncate" AFTER TRUNCATE ON "search_index"
  FOR EACH STATEMENT EXECUTE FUNCTION "search_index_notify_truncate"();
