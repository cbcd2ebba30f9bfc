import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { scoped, timestamps } from "./columns";

export type IngestionStatus = "queued" | "processing" | "done" | "failed";

export interface IngestionCounts {
  messages: number;
  documents: number;
  skipped: number;
  memories_added: number;
  memories_updated: number;
  memories_deleted: number;
  memories_unchanged: number;
  /** Earlier facts this ingestion superseded (kept as history). */
  memories_superseded?: number;
  document_chunks: number;
}

/**
 * What became of one item of an /ingest call (GET /ingestions/{id} `items`): set to `pending`
 * (or `duplicate`) when received, with the PII types redacted from it, and to its outcome when
 * processing finishes. `ref` is internal: the id facts cite (messages) or the document row.
 */
export interface IngestionItemOutcome {
  type: "message" | "document";
  index: number;
  ref?: string;
  id?: string;
  doc_id?: string;
  outcome: "pending" | "learned" | "already_known" | "no_fact_found" | "duplicate" | "stored";
  reason: string;
  facts?: { added: number; updated: number; deleted: number; unchanged: number };
  chunks?: number;
  pii_redacted: string[];
}

export const ingestions = pgTable(
  "ingestions",
  {
    id: text("id").primaryKey(),
    ...scoped(),
    source: text("source"),
    status: text("status").$type<IngestionStatus>().notNull().default("queued"),
    counts: jsonb("counts").$type<IngestionCounts>().notNull(),
    items: jsonb("items").$type<IngestionItemOutcome[]>().notNull().default(sql`'[]'::jsonb`),
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    index("ingestions_user_idx").on(t.endUserId, t.createdAt),
    index("ingestions_pending_idx").on(t.status).where(sql`${t.status} in ('queued', 'processing')`),
  ],
);

/** Messages as received (after redaction). `clientId` is the id the client sent, if any. */
export const messages = pgTable(
  "messages",
  {
    id: text("id").primaryKey(),
    ...scoped(),
    ingestionId: text("ingestion_id").notNull(),
    clientId: text("client_id"),
    role: text("role").notNull(),
    content: text("content").notNull(),
    contentHash: text("content_hash").notNull(),
    source: text("source"),
    timestamp: timestamp("timestamp", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("messages_user_time_idx").on(t.endUserId, t.timestamp),
    index("messages_dedupe_idx").on(t.endUserId, t.contentHash),
    index("messages_ingestion_idx").on(t.ingestionId),
  ],
);

/** Documents as received (after redaction); one row per client doc_id, replaced on change. */
export const documents = pgTable(
  "documents",
  {
    id: text("id").primaryKey(),
    ...scoped(),
    ingestionId: text("ingestion_id").notNull(),
    docId: text("doc_id").notNull(),
    title: text("title"),
    documentType: text("document_type").notNull(),
    content: text("content").notNull(),
    contentHash: text("content_hash").notNull(),
    source: text("source"),
    version: integer("version").notNull().default(1),
    ...timestamps(),
  },
  (t) => [uniqueIndex("documents_user_doc_idx").on(t.endUserId, t.docId), index("documents_ingestion_idx").on(t.ingestionId)],
);

export type Ingestion = typeof ingestions.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type Document = typeof documents.$inferSelect;
