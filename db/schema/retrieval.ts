import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp, uniqueIndex, vector } from "drizzle-orm/pg-core";
import { scoped, timestamps, tsvector } from "./columns";
import { documents } from "./ingest";

/**
 * The three kinds of retrievable text (/chunks searches them all). Each has its vector (with
 * the model that made it) and a generated full-text vector for hybrid search.
 */
const searchable = () => ({
  text: text("text").notNull(),
  embedding: vector("embedding", { dimensions: 384 }),
  embeddingModel: text("embedding_model"),
  tsv: tsvector("tsv").generatedAlwaysAs(sql`to_tsvector('english', "text")`),
});

export const memories = pgTable(
  "memories",
  {
    id: text("id").primaryKey(),
    ...scoped(),
    ...searchable(),
    textHash: text("text_hash").notNull(),
    sourceIds: text("source_ids").array().notNull().default(sql`'{}'::text[]`),
    occurredAt: timestamp("occurred_at", { withTimezone: true }),
    ingestionId: text("ingestion_id"),
    extractor: text("extractor").notNull(),
    ...timestamps(),
  },
  (t) => [
    index("memories_user_idx").on(t.endUserId, t.createdAt),
    index("memories_hash_idx").on(t.endUserId, t.textHash),
    index("memories_embedding_idx").using("hnsw", t.embedding.op("vector_cosine_ops")),
    index("memories_tsv_idx").using("gin", t.tsv),
  ],
);

export const documentChunks = pgTable(
  "document_chunks",
  {
    id: text("id").primaryKey(),
    ...scoped(),
    ...searchable(),
    documentId: text("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    chunkIndex: integer("chunk_index").notNull(),
    sourceIds: text("source_ids").array().notNull().default(sql`'{}'::text[]`),
    ...timestamps(),
  },
  (t) => [
    index("document_chunks_user_idx").on(t.endUserId),
    index("document_chunks_doc_idx").on(t.documentId, t.chunkIndex),
    index("document_chunks_embedding_idx").using("hnsw", t.embedding.op("vector_cosine_ops")),
    index("document_chunks_tsv_idx").using("gin", t.tsv),
  ],
);

/** Stage 3 (agentic search) answers: one row per user + question, refreshed in place. */
export const stage3Entries = pgTable(
  "stage3_entries",
  {
    id: text("id").primaryKey(),
    ...scoped(),
    ...searchable(),
    questionIndex: integer("question_index").notNull(),
    question: text("question").notNull(),
    answer: text("answer").notNull(),
    topic: text("topic").notNull(),
    sourceIds: text("source_ids").array().notNull().default(sql`'{}'::text[]`),
    threshold: integer("threshold").notNull(),
    version: integer("version").notNull().default(1),
    origin: text("origin").notNull().default("stage3"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("stage3_user_question_idx").on(t.endUserId, t.questionIndex),
    index("stage3_embedding_idx").using("hnsw", t.embedding.op("vector_cosine_ops")),
    index("stage3_tsv_idx").using("gin", t.tsv),
  ],
);

export type Memory = typeof memories.$inferSelect;
export type DocumentChunk = typeof documentChunks.$inferSelect;
export type Stage3Entry = typeof stage3Entries.$inferSelect;
