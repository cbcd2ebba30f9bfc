-- /query answers were stored as Stage 3 entries (origin 'query') and came back from /chunks as
-- if they were knowledge about the user. They now live in query_answers (a cache, never
-- searchable); the old rows go, with their search rows (ON DELETE CASCADE).
DELETE FROM "stage3_entries" WHERE "origin" = 'query';
