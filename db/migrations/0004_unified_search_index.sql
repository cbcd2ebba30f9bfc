CREATE TABLE "search_index" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"environment" "environment" NOT NULL,
	"end_user_id" text NOT NULL,
	"source" text NOT NULL,
	"memory_id" text,
	"chunk_id" text,
	"stage3_id" text,
	"text" text NOT NULL,
	"source_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"extra" jsonb,
	"weight" real DEFAULT 1 NOT NULL,
	"embedding" vector(384),
	"embedding_model" text,
	"tsv" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', "text")) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "document_chunks_embedding_idx";--> statement-breakpoint
DROP INDEX "document_chunks_tsv_idx";--> statement-breakpoint
DROP INDEX "memories_embedding_idx";--> statement-breakpoint
DROP INDEX "memories_tsv_idx";--> statement-breakpoint
DROP INDEX "stage3_embedding_idx";--> statement-breakpoint
DROP INDEX "stage3_tsv_idx";--> statement-breakpoint
ALTER TABLE "search_index" ADD CONSTRAINT "search_index_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_index" ADD CONSTRAINT "search_index_end_user_id_end_users_id_fk" FOREIGN KEY ("end_user_id") REFERENCES "public"."end_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_index" ADD CONSTRAINT "search_index_memory_id_memories_id_fk" FOREIGN KEY ("memory_id") REFERENCES "public"."memories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_index" ADD CONSTRAINT "search_index_chunk_id_document_chunks_id_fk" FOREIGN KEY ("chunk_id") REFERENCES "public"."document_chunks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_index" ADD CONSTRAINT "search_index_stage3_id_stage3_entries_id_fk" FOREIGN KEY ("stage3_id") REFERENCES "public"."stage3_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "search_index_user_idx" ON "search_index" USING btree ("end_user_id");--> statement-breakpoint
CREATE INDEX "search_index_embedding_idx" ON "search_index" USING hnsw ("embedding" vector_cosine_ops);--> statement-breakpoint
CREATE INDEX "search_index_tsv_idx" ON "search_index" USING gin ("tsv");--> statement-breakpoint
ALTER TABLE "document_chunks" DROP COLUMN "embedding";--> statement-breakpoint
ALTER TABLE "document_chunks" DROP COLUMN "embedding_model";--> statement-breakpoint
ALTER TABLE "document_chunks" DROP COLUMN "tsv";--> statement-breakpoint
ALTER TABLE "memories" DROP COLUMN "embedding";--> statement-breakpoint
ALTER TABLE "memories" DROP COLUMN "embedding_model";--> statement-breakpoint
ALTER TABLE "memories" DROP COLUMN "tsv";--> statement-breakpoint
ALTER TABLE "stage3_entries" DROP COLUMN "embedding";--> statement-breakpoint
ALTER TABLE "stage3_entries" DROP COLUMN "embedding_model";--> statement-breakpoint
ALTER TABLE "stage3_entries" DROP COLUMN "tsv";