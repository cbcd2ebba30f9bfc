import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { environmentEnum, workspaces } from "./workspaces";

export const apiKeyKindValues = ["standard", "playground"] as const;
export type ApiKeyKind = (typeof apiKeyKindValues)[number];

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
    /** `playground`: the portal playground's own sandbox key, one per account and workspace. */
    kind: text("kind").$type<ApiKeyKind>().notNull().default("standard"),
    /** After a roll: the key that replaced this one. */
    replacedBy: text("replaced_by"),
  },
  (t) => [
    uniqueIndex("api_keys_hash_idx").on(t.hash),
    index("api_keys_workspace_idx").on(t.workspaceId, t.environment),
    // At most one live playground key per person and workspace, even with several tabs racing.
    uniqueIndex("api_keys_playground_idx")
      .on(t.workspaceId, t.createdBy)
      .where(sql`${t.kind} = 'playground' and ${t.revokedAt} is null`),
  ],
);

export type ApiKey = typeof apiKeys.$inferSelect;
