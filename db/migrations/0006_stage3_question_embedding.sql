ALTER TABLE "stage3_entries" ADD COLUMN "question_embedding" vector(384);--> statement-breakpoint
ALTER TABLE "stage3_entries" ADD COLUMN "question_embedding_model" text;