-- The re-created full-text column stays inline and uncompressed, like before (0005).
ALTER TABLE "search_index" ALTER COLUMN "tsv" SET STORAGE PLAIN;
