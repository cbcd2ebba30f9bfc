import { z } from "zod";
import { ERROR_CODES, type ErrorCode } from "./error-codes";

/**
 * What each public operation answers. Strict: a contract test runs every operation through the
 * real handlers and fails when a response carries a field that is not documented here (or lacks
 * one that is). The OpenAPI document relaxes them (clients must tolerate new fields).
 */
const timestamp = z.iso.datetime({ offset: true });
const count = z.number().int().min(0);

export const registerResponse = z.strictObject({
  user_id: z.string(),
  created_at: timestamp,
  status: z.literal("active"),
});

export const ingestResponse = z.strictObject({
  ingestion_id: z.string(),
  saved: z.strictObject({ documents: count, message_history: count, messages: count }),
  skipped: z.array(
    z.strictObject({
      type: z.enum(["message", "document"]),
      index: count,
      id: z.string().optional(),
      doc_id: z.string().optional(),
      reason: z.string(),
    }),
  ),
  processing_triggered: z.strictObject({ documents: z.boolean(), message_history: z.boolean() }),
  inserted_document_ids: z.array(z.string()),
  received_at: timestamp,
});

export const ingestionResponse = z.strictObject({
  ingestion_id: z.string(),
  user_id: z.string(),
  status: z.enum(["queued", "processing", "done", "failed"]),
  counts: z.strictObject({
    messages: count,
    documents: count,
    skipped: count,
    memories_added: count,
    memories_updated: count,
    memories_deleted: count,
    memories_unchanged: count,
    document_chunks: count,
  }),
  error: z.string().optional(),
  attempts: count,
  created_at: timestamp,
  started_at: timestamp.nullable(),
  finished_at: timestamp.nullable(),
});

export const summaryResponse = z.strictObject({
  user_id: z.string(),
  generated_at: timestamp,
  purpose: z.string().nullable(),
  summary: z.string(),
  cached: z.boolean(),
});

export const chunk = z.strictObject({
  id: z.string(),
  text: z.string(),
  score: z.number(),
  source: z.enum(["memory", "stage3", "document"]),
  created_at: timestamp,
  updated_at: timestamp,
  source_ids: z.array(z.string()),
  question_index: z.number().int().optional(),
  question: z.string().optional(),
  answer: z.string().optional(),
});

export const chunksResponse = z.strictObject({
  chunks: z.array(chunk),
  used_query: z.string(),
  debug: z.strictObject({
    stage3_count: count,
    memory_count: count,
    document_count: count,
    total_candidates: count,
    threshold: z.number(),
    embedding_time_ms: z.number(),
    search_time_ms: z.number(),
    total_time_ms: z.number(),
  }),
});

export const queryResponse = z.strictObject({
  user_id: z.string(),
  question: z.string(),
  answer: z.string(),
  cached: z.boolean(),
  source_ids: z.array(z.string()),
});

export const errorResponse = z.strictObject({
  error: z.strictObject({
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    field: z.string().optional(),
    request_id: z.string(),
  }),
});
