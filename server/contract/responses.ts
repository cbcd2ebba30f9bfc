import { z } from "zod";
import { TOPIC_KEYS, type TopicKey } from "@/server/memory/facts/taxonomy";
import { ERROR_CODES, type ErrorCode } from "./error-codes";

/**
 * What each public operation answers. Strict: a contract test runs every operation through the
 * real handlers and fails when a response carries a field that is not documented here (or lacks
 * one that is). The OpenAPI document relaxes them (clients must tolerate new fields).
 */
const timestamp = z.iso.datetime({ offset: true });
const count = z.number().int().min(0);

const d = (description: string) => ({ description });

export const registerResponse = z.strictObject({
  user_id: z.string().meta(d("The user's id: yours, or the generated `usr_…`.")),
  created_at: timestamp.meta(d("When the user was first registered.")),
  status: z.literal("active"),
});

const ingestionItem = z
  .strictObject({
    type: z.enum(["message", "document"]),
    index: count.meta(d("Its position in the request's `message_history` or `documents`.")),
    id: z.string().optional().meta(d("A message's id: yours, or Pio's `msg_…` (the id `source_ids` cite).")),
    doc_id: z.string().optional().meta(d("A document's `doc_id`: yours, or the generated one.")),
    outcome: z
      .enum(["pending", "learned", "already_known", "no_fact_found", "duplicate", "stored", "failed"])
      .meta(
        d(
          "`learned`: facts added or updated; `already_known`: facts found, all known; `no_fact_found`; `duplicate`: not stored " +
            "(`options.dedupe`); `stored`: a document kept as searchable passages; `pending`: not processed yet; `failed`: processing failed.",
        ),
      ),
    reason: z.string().meta(d("The outcome in words.")),
    facts: z
      .strictObject({ added: count, updated: count, deleted: count, unchanged: count })
      .optional()
      .meta(d("A message's facts by result (`deleted`: a fact it retracted).")),
    chunks: count.optional().meta(d("A document's searchable passages.")),
    pii_redacted: z.array(z.string()).meta(d("The kinds of personal data redacted from it before storage (`email`, `phone`, …).")),
  })
  .meta(d("What became of one item of the request."));

export const ingestionResponse = z.strictObject({
  ingestion_id: z.string(),
  user_id: z.string(),
  status: z.enum(["queued", "processing", "done", "failed"]).meta(d("`done` once memories are extracted; `failed` with `error`.")),
  counts: z.strictObject({
    messages: count,
    documents: count,
    skipped: count,
    memories_added: count,
    memories_updated: count,
    memories_deleted: count,
    memories_unchanged: count,
    memories_superseded: count.optional().meta(d("Earlier facts this ingestion superseded (kept as history).")),
    document_chunks: count,
  }),
  items: z.array(ingestionItem).meta(d("Per item of the request, in order (messages, then documents): its outcome and why.")),
  error: z.string().optional().meta(d("Why processing failed.")),
  attempts: count,
  created_at: timestamp,
  started_at: timestamp.nullable(),
  finished_at: timestamp.nullable(),
});

export const ingestResponse = z.strictObject({
  ingestion_id: z.string().meta(d("Follow processing with `GET /ingestions/{id}`.")),
  saved: z
    .strictObject({
      documents: count.meta(d("Documents stored.")),
      message_history: count.meta(d("Conversations stored (the request's messages form one).")),
      messages: count.meta(d("Messages stored.")),
    })
    .meta(d("What was stored.")),
  skipped: z.array(
    z.strictObject({
      type: z.enum(["message", "document"]),
      index: count,
      id: z.string().optional(),
      doc_id: z.string().optional(),
      reason: z.string(),
    }),
  ).meta(d("Items not stored (with `options.dedupe`, already known), each with its index and reason.")),
  processing_triggered: z.strictObject({ documents: z.boolean(), message_history: z.boolean() }),
  inserted_document_ids: z.array(z.string()).meta(d("Ids of the stored documents and of the conversation (`msg_…`).")),
  received_at: timestamp,
  stored_ids: z
    .array(z.strictObject({ field: z.string(), stored_as: z.string() }))
    .optional()
    .meta(d("Only when it applies: message `id`s and `doc_id`s that carried personal data (an email, a card number), each with the pseudonym it is stored and returned as. Sending the original again finds the same item.")),
  status: z
    .enum(["queued", "processing", "done", "failed"])
    .optional()
    .meta(d("With `options.wait`: the ingestion's status when answered (`queued`/`processing` when the wait ran out).")),
  status_url: z.string().optional().meta(d("With `options.wait`: where to follow the ingestion (`/ingestions/{id}`).")),
  waited_ms: count.optional().meta(d("With `options.wait`: how long the request waited for processing.")),
  ingestion: ingestionResponse
    .optional()
    .meta(d("With `options.wait`, once processing finished within the wait: the ingestion as `GET /ingestions/{id}` shows it.")),
});

export const summaryResponse = z.strictObject({
  user_id: z.string(),
  generated_at: timestamp,
  purpose: z.string().nullable().meta(d("The purpose asked for, or null.")),
  summary: z.string().meta(d("Third-person prose for the system prompt, at most `max_chars` characters.")),
  cached: z.boolean().meta(d("Served from storage rather than generated for this request.")),
});

export const chunk = z.strictObject({
  id: z.string().meta(d("Pass it in `exclude_chunk_ids` to leave it out next time.")),
  text: z.string().meta(d("The text to put in the prompt.")),
  score: z.number().meta(d("Relevance in [0, 1].")),
  source: z.enum(["memory", "stage3", "document"]).meta(d("A memory, a Stage 3 answer, or a document passage.")),
  created_at: timestamp,
  updated_at: timestamp,
  source_ids: z.array(z.string()).meta(d("The stored messages or documents it comes from.")),
  question_index: z.number().int().optional(),
  question: z.string().optional(),
  answer: z.string().optional(),
});

export const chunksResponse = z.strictObject({
  chunks: z.array(chunk),
  used_query: z.string().meta(d("The search terms built from the conversation.")),
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

export const querySource = z.strictObject({
  id: z.string().meta(d("A fact (`mem_…`), a conversation excerpt (`cnv_…`) or a document chunk (`chk_…`).")),
  text: z.string(),
  source_ids: z.array(z.string()).meta(d("The messages or documents it comes from.")),
});

export const queryResponse = z.strictObject({
  user_id: z.string(),
  question: z.string(),
  answer: z.string().meta(d("The answer, for the agent: first and short (one to three sentences, a list for who / which questions).")),
  cached: z.boolean().meta(d("Answered from a stored answer to the same question whose facts are unchanged.")),
  source_ids: z.array(z.string()).meta(d("The messages and documents the answer rests on (those of `sources`).")),
  sources: z.array(querySource).meta(d("The facts or chunks the answer was composed from.")),
});

const topicKey = z.enum(TOPIC_KEYS as [TopicKey, ...TopicKey[]]);
const entityType = z.enum(["person", "place", "organization", "pet"]);

export const profileResponse = z.strictObject({
  user_id: z.string(),
  name: z.string().nullable().meta(d("The user's name from their traits, or null.")),
  topics: z
    .array(
      z.strictObject({
        topic: topicKey.meta(d("A key of the taxonomy (docs: the user model).")),
        label: z.string(),
        facts: z.array(
          z.strictObject({
            id: z.string(),
            text: z.string().meta(d("The fact, in the third person.")),
            status: z.enum(["current", "superseded"]).meta(d("`superseded` facts are history, never current.")),
            salience: z.enum(["safety", "identity", "preference", "event"]),
            valid_from: timestamp.nullable().meta(d("When the fact holds from.")),
            valid_to: timestamp.nullable().optional().meta(d("Until when it held (superseded facts).")),
            superseded_by: z.string().nullable().optional().meta(d("The newer fact that superseded it.")),
            said_at: timestamp.nullable().meta(d("When it was said.")),
            source_ids: z.array(z.string()),
            entities: z.array(z.strictObject({ name: z.string().nullable(), type: entityType, relation: z.string().nullable() })),
          }),
        ),
      }),
    )
    .meta(d("Topics in the taxonomy's order → facts: current first (safety, identity, preference, event; newest first), then history.")),
  entities: z
    .array(z.strictObject({ name: z.string().nullable(), type: entityType, relation: z.string().nullable(), fact_ids: z.array(z.string()) }))
    .meta(d("People (with their relation to the user), pets, places and organizations of the current facts.")),
  flags: z
    .array(z.strictObject({ trait: z.enum(["timezone", "name"]), value: z.string(), reason: z.string(), fact_id: z.string(), suggested: z.string().nullable() }))
    .meta(d("Traits a newer fact contradicts: the timezone after a move, the name after the user asked to be called by another.")),
  counts: z.strictObject({ facts: count, current: count, superseded: count }),
  truncated: z.boolean().meta(d("More than the 2,000 newest facts exist.")),
});

export const errorResponse = z.strictObject({
  error: z.strictObject({
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    field: z.string().optional(),
    request_id: z.string(),
  }),
});
