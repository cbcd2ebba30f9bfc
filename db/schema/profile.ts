import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { scoped } from "./columns";

/** One piece of a stored summary (see server/profile/summary.ts). */
export interface SummaryPart {
  text: string;
  /** A heading the first part of a group is introduced with ("Safety", "Food & preferences"). */
  group?: string;
  /** Lower is kept first when `max_chars` cannot fit everything. */
  priority: number;
  /** Kept at any `max_chars` ≥ 200 (safety-critical facts), in `compact` form if need be. */
  required?: boolean;
  compact?: string;
  /** The shortest form of a required part (its first safety clause). */
  minimal?: string;
}

/**
 * Stage 2: the stored profile summary of a user, one per purpose key ("" = the user's own
 * purpose). `inputsHash` identifies what it was built from, so an unchanged input never
 * regenerates it.
 */
export const profileSummaries = pgTable(
  "profile_summaries",
  {
    id: text("id").primaryKey(),
    ...scoped(),
    purposeKey: text("purpose_key").notNull().default(""),
    purpose: text("purpose"),
    summary: text("summary").notNull(),
    /**
     * The summary as ordered parts (who, safety, then by topic), so a shorter `max_chars` keeps
     * what matters most (safety-critical facts always). Null for summaries stored before parts.
     */
    parts: jsonb("parts").$type<SummaryPart[]>(),
    inputsHash: text("inputs_hash").notNull(),
    generator: text("generator").notNull(),
    generatedAt: timestamp("generated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("profile_summaries_user_purpose_idx").on(t.endUserId, t.purposeKey)],
);

export type Stage3RunStatus = "running" | "done" | "failed";

/** Stage 3: one run per user and memory-count threshold (5, 10, 20, 40, …). */
export const stage3Runs = pgTable(
  "stage3_runs",
  {
    id: text("id").primaryKey(),
    ...scoped(),
    threshold: integer("threshold").notNull(),
    status: text("status").$type<Stage3RunStatus>().notNull().default("running"),
    questions: integer("questions").notNull().default(0),
    error: text("error"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("stage3_runs_user_threshold_idx").on(t.endUserId, t.threshold), index("stage3_runs_user_idx").on(t.endUserId)],
);

/** Stage 1: what enrichment found (e.g. the user's public website), kept as a profile source. */
export const profileSources = pgTable(
  "profile_sources",
  {
    id: text("id").primaryKey(),
    ...scoped(),
    kind: text("kind").notNull(),
    url: text("url"),
    status: text("status").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    error: text("error"),
    fetchedAt: timestamp("fetched_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("profile_sources_user_kind_idx").on(t.endUserId, t.kind)],
);

export type ProfileSummary = typeof profileSummaries.$inferSelect;
export type Stage3Run = typeof stage3Runs.$inferSelect;
export type ProfileSource = typeof profileSources.$inferSelect;
