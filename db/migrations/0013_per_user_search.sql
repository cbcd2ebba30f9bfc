DROP INDEX "search_index_embedding_idx";--> statement-breakpoint
DROP INDEX "search_index_tsv_idx";--> statement-breakpoint
ALTER TABLE "search_index" drop column "tsv";--> statement-breakpoint
ALTER TABLE "search_index" ADD COLUMN "tsv" "tsvector" GENERATED ALWAYS AS (case when "lexical" then to_tsvector('english', "text") end) STORED;