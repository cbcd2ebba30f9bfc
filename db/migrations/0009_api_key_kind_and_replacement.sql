ALTER TABLE "api_keys" ADD COLUMN "kind" text DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "replaced_by" text;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_playground_idx" ON "api_keys" USING btree ("workspace_id","created_by") WHERE "api_keys"."kind" = 'playground' and "api_keys"."revoked_at" is null;