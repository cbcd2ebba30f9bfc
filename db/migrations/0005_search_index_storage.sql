ALTER TABLE "search_index" ADD COLUMN "lexical" boolean DEFAULT true NOT NULL;--> statement-breakpoint
-- Keep vectors and full-text vectors inline and uncompressed: every search reads them, and
-- de-TOASTing them per row made scans several times slower (measured on PGlite).
ALTER TABLE "search_index" ALTER COLUMN "embedding" SET STORAGE PLAIN;--> statement-breakpoint
ALTER TABLE "search_index" ALTER COLUMN "tsv" SET STORAGE PLAIN;--> statement-breakpoint
ALTER TABLE "search_index" ALTER COLUMN "text" SET STORAGE MAIN;
