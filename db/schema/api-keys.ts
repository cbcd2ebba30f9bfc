import { index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { environmentEnum, workspaces } from "./workspaces";

/** API keys are stored only as a SHA-256 hash plus a short display start and last four. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    environment: environmentEnum("environment").notNull(),
    name: text("name").notNull(),
    hash: text("hash").notNull(),
    start: text("start").notNull(),
    last4: text("last4").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    /** The portal account that created it (null for the CLI). */
    createdBy: text("created_by"),
  },
  (t) => [
    uniqueIndex("api_keys_hash_idx").on(t.hash),
    index("api_keys_workspace_idx").on(t.workspaceId, t.environment),
  ],
);

export type ApiKey = typeof apiKeys.$inferSelect;
