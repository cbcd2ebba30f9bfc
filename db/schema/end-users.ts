import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { environmentEnum, workspaces } from "./workspaces";

/**
 * The people an agent serves. `userId` is the public id (client-chosen, or `usr_…`).
 * Emails are kept only as a SHA-256 hash (for idempotent registration and exact search)
 * and a masked display form; see docs/privacy.md.
 */
export const endUsers = pgTable(
  "end_users",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    environment: environmentEnum("environment").notNull(),
    userId: text("user_id").notNull(),
    emailHash: text("email_hash"),
    emailMasked: text("email_masked"),
    purpose: text("purpose"),
    traits: jsonb("traits").$type<Record<string, unknown>>().notNull().default({}),
    /** Stage 1: traits normalized into a profile (name, locale, timezone, links, notes). */
    profile: jsonb("profile").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("end_users_public_id_idx").on(t.workspaceId, t.environment, t.userId),
    uniqueIndex("end_users_email_idx")
      .on(t.workspaceId, t.environment, t.emailHash)
      .where(sql`${t.emailHash} is not null`),
    index("end_users_created_idx").on(t.workspaceId, t.environment, t.createdAt),
  ],
);

export type EndUser = typeof endUsers.$inferSelect;
