import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { FactStatus, TopicKey } from "../../server/memory/facts/taxonomy";
import { scoped } from "./columns";

export interface StoredActor {
  kind: "api_key" | "account" | "system";
  id?: string;
  name?: string;
}

/** What made a version of a memory (see server/memory/history.ts). */
export type MemoryEvent = "extraction" | "reconcile" | "edit" | "delete";

/**
 * Every version of a memory and the event that made it: `extraction` (an ingestion added it),
 * `reconcile` (a newer fact superseded it), `edit` (PATCH /memories/{id} or the portal),
 * `delete`. Written in the same transaction as the change. `memoryId` has no foreign key: the
 * `delete` version outlives the memory as an audit row, its earlier texts erased with it. All
 * of it goes with the user (erasure).
 */
export const memoryVersions = pgTable(
  "memory_versions",
  {
    memoryId: text("memory_id").notNull(),
    version: integer("version").notNull(),
    ...scoped(),
    event: text("event").$type<MemoryEvent>().notNull(),
    /** The memory's text after this event; null for `delete` (and erased from earlier versions on delete). */
    text: text("text"),
    topic: text("topic").$type<TopicKey>(),
    status: text("status").$type<FactStatus>(),
    supersededBy: text("superseded_by"),
    ingestionId: text("ingestion_id"),
    /** Who made it: `{ kind: "api_key", id }`, `{ kind: "account", id }` or `{ kind: "system", name }`. */
    actor: jsonb("actor").$type<StoredActor>().notNull(),
    requestId: text("request_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memoryId, t.version] }), index("memory_versions_user_idx").on(t.endUserId)],
);

export type MemoryVersion = typeof memoryVersions.$inferSelect;
