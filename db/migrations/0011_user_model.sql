CREATE TABLE "query_answers" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"environment" "environment" NOT NULL,
	"end_user_id" text NOT NULL,
	"question_key" text NOT NULL,
	"question" text NOT NULL,
	"answer" text NOT NULL,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"fact_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"source_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "memories" ADD COLUMN "kind" text DEFAULT 'fact' NOT NULL;--> statement-breakpoint
ALTER TABLE "memories" ADD COLUMN "topic" text DEFAULT 'other' NOT NULL;--> statement-breakpoint
ALTER TABLE "memories" ADD COLUMN "entities" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "memories" ADD COLUMN "salience" text DEFAULT 'event' NOT NULL;--> statement-breakpoint
ALTER TABLE "memories" ADD COLUMN "slot" text;--> statement-breakpoint
ALTER TABLE "memories" ADD COLUMN "status" text DEFAULT 'current' NOT NULL;--> statement-breakpoint
ALTER TABLE "memories" ADD COLUMN "superseded_by" text;--> statement-breakpoint
ALTER TABLE "memories" ADD COLUMN "valid_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "memories" ADD COLUMN "valid_to" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "search_index" ADD COLUMN "status" text DEFAULT 'current' NOT NULL;--> statement-breakpoint
ALTER TABLE "stage3_entries" ADD COLUMN "topic_key" text;--> statement-breakpoint
ALTER TABLE "stage3_entries" ADD COLUMN "fact_ids" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "stage3_entries" ADD COLUMN "facts_hash" text;--> statement-breakpoint
ALTER TABLE "profile_summaries" ADD COLUMN "parts" jsonb;--> statement-breakpoint
ALTER TABLE "query_answers" ADD CONSTRAINT "query_answers_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "query_answers" ADD CONSTRAINT "query_answers_end_user_id_end_users_id_fk" FOREIGN KEY ("end_user_id") REFERENCES "public"."end_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "query_answers_user_question_idx" ON "query_answers" USING btree ("end_user_id","question_key");--> statement-breakpoint
CREATE INDEX "memories_user_topic_idx" ON "memories" USING btree ("end_user_id","topic","status");--> statement-breakpoint
CREATE INDEX "memories_user_slot_idx" ON "memories" USING btree ("end_user_id","slot") WHERE "memories"."slot" is not null;