import { z } from "zod";
import { TOPIC_KEYS, type TopicKey } from "@/server/memory/facts/taxonomy";

/** Responses of the user and memory management operations (GET/DELETE /users…, /memories…). */
const timestamp = z.iso.datetime({ offset: true });
const count = z.number().int().min(0);
const d = (description: string) => ({ description });
const topicKey = z.enum(TOPIC_KEYS as [TopicKey, ...TopicKey[]]);
const nextCursor = z.string().nullable().meta(d("Pass it as `cursor` for the next page; null on the last page."));

export const userListItem = z.strictObject({
  user_id: z.string(),
  email: z.string().nullable().meta(d("The masked email (`a***@example.com`); the address itself is never stored.")),
  name: z.string().nullable().meta(d("`traits.name`, or null.")),
  purpose: z.string().nullable(),
  memory_count: count,
  created_at: timestamp,
  updated_at: timestamp,
});

export const usersResponse = z.strictObject({
  users: z.array(userListItem).meta(d("Newest first.")),
  next_cursor: nextCursor,
});

export const userResponse = userListItem.extend({
  traits: z.record(z.string(), z.unknown()),
  counts: z.strictObject({ memories: count, current_memories: count, messages: count, documents: count, ingestions: count }),
  last_ingested_at: timestamp.nullable(),
});

export const eraseResponse = z.strictObject({
  user_id: z.string(),
  erased: z.literal(true),
  erased_at: timestamp,
  counts: z.record(z.string(), count).meta(d("Rows erased, by kind: users, messages, documents, document_chunks, memories, memory_versions, search_entries (vectors), search_terms, summaries, stage3_entries, stage3_runs, ingestions, cached_answers, profile_sources, webhook_deliveries (about this user).")),
  total_rows: count,
  request_id: z.string().meta(d("Quote it as the receipt of this erasure.")),
});

const entity = z.strictObject({ name: z.string().nullable(), type: z.enum(["person", "place", "organization", "pet"]), relation: z.string().nullable() });

export const memoryItem = z.strictObject({
  id: z.string(),
  user_id: z.string(),
  text: z.string().meta(d("The fact, in the third person (redacted).")),
  kind: z.enum(["fact", "remark"]).meta(d("`remark`: something the user said that is not about them (searchable, not part of the model).")),
  topic: topicKey,
  salience: z.enum(["safety", "identity", "preference", "event"]),
  status: z.enum(["current", "superseded"]).meta(d("`superseded` facts are history, never current.")),
  superseded_by: z.string().nullable(),
  entities: z.array(entity),
  source_ids: z.array(z.string()).meta(d("The messages or documents it comes from.")),
  source: z.string().nullable().meta(d("The `source` of the ingest call it came from.")),
  ingestion_id: z.string().nullable(),
  said_at: timestamp.nullable(),
  valid_from: timestamp.nullable(),
  valid_to: timestamp.nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

export const memoriesResponse = z.strictObject({
  memories: z.array(memoryItem).meta(d("Newest first.")),
  next_cursor: nextCursor,
});

export const memoryVersion = z.strictObject({
  version: z.number().int().min(1),
  event: z.enum(["extraction", "reconcile", "edit", "delete"]).meta(d("What made this version: `extraction` (an ingestion added it), `reconcile` (a newer fact superseded it, or deleting that newer fact restored it), `edit`, `delete`.")),
  text: z.string().nullable().meta(d("The text after this event (null once the memory is deleted).")),
  topic: topicKey.nullable(),
  status: z.enum(["current", "superseded"]).nullable(),
  superseded_by: z.string().nullable(),
  ingestion_id: z.string().nullable(),
  actor: z.strictObject({ kind: z.enum(["api_key", "account", "system"]), id: z.string().nullable() }).meta(d("Who made it: an API key's id, a portal account's id, or `system` (`ingestion`).")),
  request_id: z.string().nullable(),
  at: timestamp,
});

export const memoryResponse = memoryItem.extend({
  history: z.array(memoryVersion).meta(d("Every version, oldest first.")),
});

export const memoryDeleteResponse = z.strictObject({
  id: z.string(),
  user_id: z.string(),
  deleted: z.literal(true),
  restored_ids: z.array(z.string()).meta(d("Facts the deleted one had superseded, current again.")),
});

export const exportResponse = z.strictObject({
  exported_at: timestamp,
  user: z.strictObject({
    user_id: z.string(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    purpose: z.string().nullable(),
    traits: z.record(z.string(), z.unknown()),
    profile: z.record(z.string(), z.unknown()),
    created_at: timestamp,
    updated_at: timestamp,
  }),
  messages: z.array(
    z.strictObject({ id: z.string(), role: z.string(), content: z.string(), source: z.string().nullable(), timestamp, ingestion_id: z.string() }),
  ),
  documents: z.array(
    z.strictObject({
      doc_id: z.string(),
      title: z.string().nullable(),
      document_type: z.string(),
      content: z.string(),
      source: z.string().nullable(),
      version: z.number().int(),
      created_at: timestamp,
      updated_at: timestamp,
    }),
  ),
  memories: z.array(memoryResponse),
  deleted_memories: z.array(z.strictObject({ id: z.string(), history: z.array(memoryVersion) })).meta(d("Deleted memories' audit: who deleted which id and when; their texts are erased.")),
  summaries: z.array(z.strictObject({ purpose: z.string().nullable(), summary: z.string(), generated_at: timestamp })),
  stage3_answers: z.array(
    z.strictObject({
      question: z.string(),
      answer: z.string(),
      topic: z.string(),
      source_ids: z.array(z.string()),
      fact_ids: z.array(z.string()),
      updated_at: timestamp,
    }),
  ),
  cached_answers: z.array(z.strictObject({ question: z.string(), answer: z.string(), fact_ids: z.array(z.string()), updated_at: timestamp })),
  ingestions: z.array(
    z.strictObject({
      ingestion_id: z.string(),
      source: z.string().nullable(),
      status: z.enum(["queued", "processing", "done", "failed"]),
      counts: z.record(z.string(), z.number()),
      error: z.string().nullable(),
      created_at: timestamp,
      finished_at: timestamp.nullable(),
    }),
  ),
  enrichment: z.array(
    z.strictObject({ kind: z.string(), url: z.string().nullable(), status: z.string(), data: z.record(z.string(), z.unknown()), fetched_at: timestamp }),
  ),
});
