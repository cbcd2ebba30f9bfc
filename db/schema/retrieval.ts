import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { scoped, timestamps, tsvector, vector384 } from "./columns";
import { documents } from "./ingest";
import type { FactEntity, FactSlot, FactStatus, Salience, TopicKey } from "../../server/memory/facts/taxonomy";

/** The three kinds of retrievable text: memories, document chunks and Stage 3 entries. */
const searchable = () => ({
  text: text("text").notNull(),
});

/**
 * A memory is a fact of the user model (server/memory/facts): filed under a topic, naming
 * entities, with a salience and a status. A newer fact of the same slot (a move, a new job)
 * supersedes an older one, which stays as history (`status` superseded, `supersededBy`).
 * `kind` "remark" marks what the user said that is not about them (questions, remarks about
 * the other person): searchable, never part of the model.
 */
export const memories = pgTable(
  "memories",
  {
    id: text("id").primaryKey(),
    ...scoped(),
    ...searchable(),
    textHash: text("text_hash").notNull(),
    sourceIds: text("source_ids").array().notNull().default(sql`'{}'::text[]`),
    /** When it was said (the latest source message). */
    occurredAt: timestamp("occurred_at", { withTimezone: true }),
    ingestionId: text("ingestion_id"),
    extractor: text("extractor").notNull(),
    kind: text("kind").$type<MemoryKind>().notNull().default("fact"),
    topic: text("topic").$type<TopicKey>().notNull().default("other"),
    entities: jsonb("entities").$type<FactEntity[]>().notNull().default([]),
    salience: text("salience").$type<Salience>().notNull().default("event"),
    slot: text("slot").$type<FactSlot>(),
    status: text("status").$type<FactStatus>().notNull().default("current"),
    supersededBy: text("superseded_by"),
    /** When the fact holds from (a resolved date in it, else when it was said) and until (superseded). */
    validFrom: timestamp("valid_from", { withTimezone: true }),
    validTo: timestamp("valid_to", { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    index("memories_user_idx").on(t.endUserId, t.createdAt),
    index("memories_hash_idx").on(t.endUserId, t.textHash),
    index("memories_user_topic_idx").on(t.endUserId, t.topic, t.status),
    index("memories_user_slot_idx").on(t.endUserId, t.slot).where(sql`${t.slot} is not null`),
  ],
);

export type MemoryKind = "fact" | "remark";

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
    /** The taxonomy topic whose facts answer the question, the facts cited, and their state (refresh check). */
    topicKey: text("topic_key").$type<TopicKey>(),
    factIds: text("fact_ids").array().notNull().default(sql`'{}'::text[]`),
    factsHash: text("facts_hash"),
    /** The question alone, embedded: /query's cache matches questions by meaning with it. */
    questionEmbedding: vector384("question_embedding"),
    questionEmbeddingModel: text("question_embedding_model"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("stage3_user_question_idx").on(t.endUserId, t.questionIndex),
  ],
);

export type SearchSource = "memory" | "document" | "stage3";

/**
 * Everything /chunks can return, in one table with one HNSW index and one full-text index:
 * one vector search and one text search per request, whatever the kind. Each row belongs to
 * exactly one memory, document chunk or Stage 3 entry and is deleted with it.
 */
export const searchIndex = pgTable(
  "search_index",
  {
    id: text("id").primaryKey(),
    ...scoped(),
    source: text("source").$type<SearchSource>().notNull(),
    memoryId: text("memory_id").references(() => memories.id, { onDelete: "cascade" }),
    chunkId: text("chunk_id").references(() => documentChunks.id, { onDelete: "cascade" }),
    stage3Id: text("stage3_id").references(() => stage3Entries.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    sourceIds: text("source_ids").array().notNull().default(sql`'{}'::text[]`),
    /** Stage 3 fields returned with the chunk: question_index, question, answer. */
    extra: jsonb("extra").$type<Record<string, unknown>>(),
    /** Ranks slightly below others with the same evidence (raw conversation windows). */
    weight: real("weight").notNull().default(1),
    /**
     * In the full-text branch of retrieval. Conversation windows repeat words that memories
     * already carry; they are found by vector similarity only, which keeps full-text search cheap.
     */
    lexical: boolean("lexical").notNull().default(true),
    embedding: vector384("embedding"),
    embeddingModel: text("embedding_model"),
    /** A memory row's status (mirrors memories.status): superseded facts are history, not current context. */
    status: text("status").$type<FactStatus>().notNull().default("current"),
    /** Only for `lexical` rows: the others are never searched by their words. */
    tsv: tsvector("tsv").generatedAlwaysAs(sql`case when "lexical" then to_tsvector('english', "text") end`),
    ...timestamps(),
  },
  (t) => [
    // No index over all users' vectors or lexemes: a user's search reads that user's rows
    // (exact scoring), and a user past SEARCH_USER_INDEX_MIN_ROWS gets HNSW and GIN indexes of their
    // own (partial indexes, server/retrieval/user-indexes.ts). Latency then follows the
    // user's data, never the table's (docs/architecture.md, "Per-user search").
    index("search_index_user_idx").on(t.endUserId),
    // The row of one memory, chunk or Stage 3 entry: found by its owner's id when sources are
    // merged, a status changes or the owner is deleted (ON DELETE CASCADE), without reading
    // every row of the user. Partial: each row has exactly one owner.
    index("search_index_memory_idx").on(t.memoryId).where(sql`${t.memoryId} is not null`),
    index("search_index_chunk_idx").on(t.chunkId).where(sql`${t.chunkId} is not null`),
    index("search_index_stage3_idx").on(t.stage3Id).where(sql`${t.stage3Id} is not null`),
  ],
);

/**
 * Per-user document frequency of each full-text lexeme over the `lexical` rows of
 * `search_index`, kept exact by statement-level triggers (migration 0007). Retrieval uses it
 * to search only a question's selective terms: ranking every row that contains a common word
 * was the slowest part of /chunks for users with many memories.
 */
export const searchTerms = pgTable(
  "search_terms",
  {
    ...scoped(),
    lexeme: text("lexeme").notNull(),
    df: integer("df").notNull(),
  },
  (t) => [primaryKey({ columns: [t.endUserId, t.lexeme] })],
);

/**
 * /query's answer cache: one row per user and question (normalized). An answer is served again
 * only while every fact it cites is unchanged and current; answers are never facts and are not
 * searchable.
 */
export const queryAnswers = pgTable(
  "query_answers",
  {
    id: text("id").primaryKey(),
    ...scoped(),
    questionKey: text("question_key").notNull(),
    question: text("question").notNull(),
    answer: text("answer").notNull(),
    sources: jsonb("sources").$type<{ id: string; text: string; source_ids: string[] }[]>().notNull().default([]),
    factIds: text("fact_ids").array().notNull().default(sql`'{}'::text[]`),
    sourceIds: text("source_ids").array().notNull().default(sql`'{}'::text[]`),
    ...timestamps(),
  },
  (t) => [uniqueIndex("query_answers_user_question_idx").on(t.endUserId, t.questionKey)],
);

export type SearchRow = typeof searchIndex.$inferSelect;
export type QueryAnswer = typeof queryAnswers.$inferSelect;
export type Memory = typeof memories.$inferSelect;
export type DocumentChunk = typeof documentChunks.$inferSelect;
export type Stage3Entry = typeof stage3Entries.$inferSelect;
