-- Memories stored before their history was recorded get their first version: what they are
-- now, made by the extraction that stored them.
INSERT INTO "memory_versions" ("memory_id", "version", "workspace_id", "environment", "end_user_id", "event", "text", "topic", "status", "superseded_by", "ingestion_id", "actor", "created_at")
SELECT "id", 1, "workspace_id", "environment", "end_user_id", 'extraction', "text", "topic", "status", "superseded_by", "ingestion_id", '{"kind":"system","name":"ingestion"}'::jsonb, "created_at"
FROM "memories"
ON CONFLICT DO NOTHING;
