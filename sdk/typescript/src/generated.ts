// Generated from the OpenAPI document by `npm run sdk:generate` (scripts/sdk-codegen.ts). Do not edit.
import { PioCore, type OperationSpec, type RequestOptions } from "./core.ts";

export type ErrorCode =
  | "missing_api_key"
  | "invalid_api_key"
  | "revoked_api_key"
  | "expired_api_key"
  | "missing_body"
  | "invalid_json"
  | "validation_error"
  | "user_not_found"
  | "memory_not_found"
  | "ingestion_not_found"
  | "method_not_allowed"
  | "email_conflict"
  | "registration_conflict"
  | "payload_too_large"
  | "too_many_items"
  | "rate_limited"
  | "internal_error"
  | "database_unavailable"
  | "query_timeout";

export interface RegisterResponse {
  /** The user's id: yours, or the generated `usr_…`. */
  user_id: string;
  /** When the user was first registered. */
  created_at: string;
  status: "active";
}

export interface RegisterRequest {
  /** The user's email. Either `email` or `user_id` is required. Stored only as a workspace-scoped hash. */
  email?: string;
  /** Your own id for the user. Generated (`usr_…`) when omitted. */
  user_id?: string;
  /** What your agent does for this user; focuses the profile summary and Stage 3 questions. */
  purpose?: string | null;
  /** name, locale, timezone, social URLs, website, notes, … merged key by key into the stored traits, newest value winning (at most 64 KB of JSON). */
  traits?: Record<string, unknown>;
}

export interface IngestResponse {
  /** Follow processing with `GET /ingestions/{id}`. */
  ingestion_id: string;
  /** What was stored. */
  saved: {
    /** Documents stored. */
    documents: number;
    /** Conversations stored (the request's messages form one). */
    message_history: number;
    /** Messages stored. */
    messages: number;
  };
  /** Items not stored (with `options.dedupe`, already known), each with its index and reason. */
  skipped: Array<{
    type: "message" | "document";
    index: number;
    id?: string;
    doc_id?: string;
    reason: string;
  }>;
  processing_triggered: {
    documents: boolean;
    message_history: boolean;
  };
  /** Ids of the stored documents and of the conversation (`msg_…`). */
  inserted_document_ids: string[];
  received_at: string;
  /** Only when it applies: message `id`s and `doc_id`s that carried personal data (an email, a card number), each with the pseudonym it is stored and returned as. Sending the original again finds the same item. */
  stored_ids?: {
    field: string;
    stored_as: string;
  }[];
  /** With `options.wait`: the ingestion's status when answered (`queued`/`processing` when the wait ran out). */
  status?: "queued" | "processing" | "done" | "failed";
  /** With `options.wait`: where to follow the ingestion (`/ingestions/{id}`). */
  status_url?: string;
  /** With `options.wait`: how long the request waited for processing. */
  waited_ms?: number;
  /** With `options.wait`, once processing finished within the wait: the ingestion as `GET /ingestions/{id}` shows it. */
  ingestion?: {
    ingestion_id: string;
    user_id: string;
    /** `done` once memories are extracted; `failed` with `error`. */
    status: "queued" | "processing" | "done" | "failed";
    counts: {
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
    };
    /** Per item of the request, in order (messages, then documents): its outcome and why. */
    items: Array<{
      type: "message" | "document";
      /** Its position in the request's `message_history` or `documents`. */
      index: number;
      /** A message's id: yours, or Pio's `msg_…` (the id `source_ids` cite). */
      id?: string;
      /** A document's `doc_id`: yours, or the generated one. */
      doc_id?: string;
      /** `learned`: facts added or updated; `already_known`: facts found, all known; `no_fact_found`; `duplicate`: not stored (`options.dedupe`); `stored`: a document kept as searchable passages; `pending`: not processed yet; `failed`: processing failed. */
      outcome: "pending" | "learned" | "already_known" | "no_fact_found" | "duplicate" | "stored" | "failed";
      /** The outcome in words. */
      reason: string;
      /** A message's facts by result (`deleted`: a fact it retracted). */
      facts?: {
        added: number;
        updated: number;
        deleted: number;
        unchanged: number;
      };
      /** A document's searchable passages. */
      chunks?: number;
      /** The kinds of personal data redacted from it before storage (`email`, `phone`, …). */
      pii_redacted: string[];
    }>;
    /** Why processing failed. */
    error?: string;
    attempts: number;
    created_at: string;
    started_at: string | null;
    finished_at: string | null;
  };
}

export interface IngestRequest {
  /** The user, as returned by `/register`. */
  user_id: string;
  /** Where the data comes from (`gmail`, `slack`, your agent's name, …). */
  source?: string | null;
  /** Conversation turns, stored as one conversation (at most 5,000). */
  message_history?: Array<{
    /** Your id for the message; with `options.dedupe` a known id is skipped. */
    id?: string;
    /** Who spoke. */
    role: "user" | "assistant" | "system" | "tool";
    /** What was said. */
    content: string;
    /** ISO 8601 with `Z` or an offset, or a date; defaults to the time received. */
    timestamp?: string;
  }>;
  /** Documents (at most 500). */
  documents?: Array<{
    /** The document's text. */
    content: string;
    /** Its title. */
    title?: string | null;
    /** `document`, `message_history`, `email`, `calendar_event` or a custom type. */
    document_type?: string;
    /** Your id for the document: a known `doc_id` with new content replaces the document. */
    doc_id?: string;
    /** When the document was written (ISO 8601). */
    created_at?: string;
  }>;
  /** Processing options. */
  options?: {
    /** Skip messages and documents already stored for this user; each skipped item is listed in `skipped`. */
    dedupe?: boolean;
    /** Answer after processing (memories extracted): the response then carries `status`, `status_url` and the processed `ingestion` with per-item outcomes. Bounded by `options.wait_timeout`; past it the answer is as without `wait`, plus `status` and `status_url` to follow. */
    wait?: boolean;
    /** With `options.wait`: how many seconds to wait at most (default 30, at most 50). */
    wait_timeout?: number;
  };
}

export interface IngestionResponse {
  ingestion_id: string;
  user_id: string;
  /** `done` once memories are extracted; `failed` with `error`. */
  status: "queued" | "processing" | "done" | "failed";
  counts: {
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
  };
  /** Per item of the request, in order (messages, then documents): its outcome and why. */
  items: Array<{
    type: "message" | "document";
    /** Its position in the request's `message_history` or `documents`. */
    index: number;
    /** A message's id: yours, or Pio's `msg_…` (the id `source_ids` cite). */
    id?: string;
    /** A document's `doc_id`: yours, or the generated one. */
    doc_id?: string;
    /** `learned`: facts added or updated; `already_known`: facts found, all known; `no_fact_found`; `duplicate`: not stored (`options.dedupe`); `stored`: a document kept as searchable passages; `pending`: not processed yet; `failed`: processing failed. */
    outcome: "pending" | "learned" | "already_known" | "no_fact_found" | "duplicate" | "stored" | "failed";
    /** The outcome in words. */
    reason: string;
    /** A message's facts by result (`deleted`: a fact it retracted). */
    facts?: {
      added: number;
      updated: number;
      deleted: number;
      unchanged: number;
    };
    /** A document's searchable passages. */
    chunks?: number;
    /** The kinds of personal data redacted from it before storage (`email`, `phone`, …). */
    pii_redacted: string[];
  }>;
  /** Why processing failed. */
  error?: string;
  attempts: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface SummaryResponse {
  user_id: string;
  generated_at: string;
  /** The purpose asked for, or null. */
  purpose: string | null;
  /** Third-person prose for the system prompt, at most `max_chars` characters. */
  summary: string;
  /** Served from storage rather than generated for this request. */
  cached: boolean;
}

export interface ProfileResponse {
  user_id: string;
  /** The user's name from their traits, or null. */
  name: string | null;
  /** Topics in the taxonomy's order → facts: current first (safety, identity, preference, event; newest first), then history. */
  topics: Array<{
    /** A key of the taxonomy (docs: the user model). */
    topic: "identity" | "work" | "people" | "family" | "health" | "food" | "schedule" | "communication" | "goals" | "interests" | "travel" | "finances" | "events" | "other";
    label: string;
    facts: Array<{
      id: string;
      /** The fact, in the third person. */
      text: string;
      /** `superseded` facts are history, never current. */
      status: "current" | "superseded";
      salience: "safety" | "identity" | "preference" | "event";
      /** When the fact holds from. */
      valid_from: string | null;
      /** Until when it held (superseded facts). */
      valid_to?: string | null;
      /** The newer fact that superseded it. */
      superseded_by?: string | null;
      /** When it was said. */
      said_at: string | null;
      source_ids: string[];
      entities: Array<{
        name: string | null;
        type: "person" | "place" | "organization" | "pet";
        relation: string | null;
      }>;
    }>;
  }>;
  /** People (with their relation to the user), pets, places and organizations of the current facts. */
  entities: Array<{
    name: string | null;
    type: "person" | "place" | "organization" | "pet";
    relation: string | null;
    fact_ids: string[];
  }>;
  /** Traits a newer fact contradicts: the timezone after a move, the name after the user asked to be called by another. */
  flags: Array<{
    trait: "timezone" | "name";
    value: string;
    reason: string;
    fact_id: string;
    suggested: string | null;
  }>;
  counts: {
    facts: number;
    current: number;
    superseded: number;
  };
  /** More than the 2,000 newest facts exist. */
  truncated: boolean;
}

export interface ChunksResponse {
  chunks: Array<{
    /** Pass it in `exclude_chunk_ids` to leave it out next time. */
    id: string;
    /** The text to put in the prompt. */
    text: string;
    /** Relevance in [0, 1]. */
    score: number;
    /** A memory, a Stage 3 answer, or a document passage. */
    source: "memory" | "stage3" | "document";
    created_at: string;
    updated_at: string;
    /** The stored messages or documents it comes from. */
    source_ids: string[];
    question_index?: number;
    question?: string;
    answer?: string;
  }>;
  /** The search terms built from the conversation. */
  used_query: string;
  debug: {
    stage3_count: number;
    memory_count: number;
    document_count: number;
    total_candidates: number;
    threshold: number;
    embedding_time_ms: number;
    search_time_ms: number;
    total_time_ms: number;
  };
}

export interface ChunksRequest {
  /** The user. */
  user_id: string;
  /** Recent conversation turns, oldest first. */
  history: Array<{
    /** Who spoke. */
    role: "user" | "assistant" | "system" | "tool";
    /** What was said. */
    content: string;
  }>;
  /** How many chunks to return (default 6). */
  k?: number;
  /** Alias of `k`. */
  top_k?: number;
  /** Minimum score in [0, 1] (0.25–0.35 broad, 0.4–0.5 precise). */
  similarity_threshold?: number;
  /** How many of the last turns build the search. */
  max_context_turns?: number;
  /** Chunk ids to leave out (e.g. already in the prompt). */
  exclude_chunk_ids?: string[];
}

export interface QueryResponse {
  user_id: string;
  question: string;
  /** The answer, for the agent: first and short (one to three sentences, a list for who / which questions). */
  answer: string;
  /** Answered from a stored answer to the same question whose facts are unchanged. */
  cached: boolean;
  /** The messages and documents the answer rests on (those of `sources`). */
  source_ids: string[];
  /** The facts or chunks the answer was composed from. */
  sources: {
    /** A fact (`mem_…`), a conversation excerpt (`cnv_…`) or a document chunk (`chk_…`). */
    id: string;
    text: string;
    /** The messages or documents it comes from. */
    source_ids: string[];
  }[];
}

export interface QueryRequest {
  /** The user. */
  user_id: string;
  /** The question, in natural language. */
  question: string;
  /** `false` forces a fresh answer instead of a stored one. */
  use_cache?: boolean;
}

export interface ListUsersResponse {
  /** Newest first. */
  users: Array<{
    user_id: string;
    /** The masked email (`a***@example.com`); the address itself is never stored. */
    email: string | null;
    /** `traits.name`, or null. */
    name: string | null;
    purpose: string | null;
    memory_count: number;
    created_at: string;
    updated_at: string;
  }>;
  /** Pass it as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

export interface UserResponse {
  user_id: string;
  /** The masked email (`a***@example.com`); the address itself is never stored. */
  email: string | null;
  /** `traits.name`, or null. */
  name: string | null;
  purpose: string | null;
  memory_count: number;
  created_at: string;
  updated_at: string;
  traits: Record<string, unknown>;
  counts: {
    memories: number;
    current_memories: number;
    messages: number;
    documents: number;
    ingestions: number;
  };
  last_ingested_at: string | null;
}

export interface ExportUserResponse {
  exported_at: string;
  user: {
    user_id: string;
    email: string | null;
    name: string | null;
    purpose: string | null;
    traits: Record<string, unknown>;
    profile: Record<string, unknown>;
    created_at: string;
    updated_at: string;
  };
  messages: Array<{
    id: string;
    role: string;
    content: string;
    source: string | null;
    timestamp: string;
    ingestion_id: string;
  }>;
  documents: Array<{
    doc_id: string;
    title: string | null;
    document_type: string;
    content: string;
    source: string | null;
    version: number;
    created_at: string;
    updated_at: string;
  }>;
  memories: Array<{
    id: string;
    user_id: string;
    /** The fact, in the third person (redacted). */
    text: string;
    /** `remark`: something the user said that is not about them (searchable, not part of the model). */
    kind: "fact" | "remark";
    topic: "identity" | "work" | "people" | "family" | "health" | "food" | "schedule" | "communication" | "goals" | "interests" | "travel" | "finances" | "events" | "other";
    salience: "safety" | "identity" | "preference" | "event";
    /** `superseded` facts are history, never current. */
    status: "current" | "superseded";
    superseded_by: string | null;
    entities: Array<{
      name: string | null;
      type: "person" | "place" | "organization" | "pet";
      relation: string | null;
    }>;
    /** The messages or documents it comes from. */
    source_ids: string[];
    /** The `source` of the ingest call it came from. */
    source: string | null;
    ingestion_id: string | null;
    said_at: string | null;
    valid_from: string | null;
    valid_to: string | null;
    created_at: string;
    updated_at: string;
    /** Every version, oldest first. */
    history: Array<{
      version: number;
      /** What made this version: `extraction` (an ingestion added it), `reconcile` (a newer fact superseded it, or deleting that newer fact restored it), `edit`, `delete`. */
      event: "extraction" | "reconcile" | "edit" | "delete";
      /** The text after this event (null once the memory is deleted). */
      text: string | null;
      topic: "identity" | "work" | "people" | "family" | "health" | "food" | "schedule" | "communication" | "goals" | "interests" | "travel" | "finances" | "events" | "other" | null;
      status: "current" | "superseded" | null;
      superseded_by: string | null;
      ingestion_id: string | null;
      /** Who made it: an API key's id, a portal account's id, or `system` (`ingestion`). */
      actor: {
        kind: "api_key" | "account" | "system";
        id: string | null;
      };
      request_id: string | null;
      at: string;
    }>;
  }>;
  /** Deleted memories' audit: who deleted which id and when; their texts are erased. */
  deleted_memories: Array<{
    id: string;
    history: Array<{
      version: number;
      /** What made this version: `extraction` (an ingestion added it), `reconcile` (a newer fact superseded it, or deleting that newer fact restored it), `edit`, `delete`. */
      event: "extraction" | "reconcile" | "edit" | "delete";
      /** The text after this event (null once the memory is deleted). */
      text: string | null;
      topic: "identity" | "work" | "people" | "family" | "health" | "food" | "schedule" | "communication" | "goals" | "interests" | "travel" | "finances" | "events" | "other" | null;
      status: "current" | "superseded" | null;
      superseded_by: string | null;
      ingestion_id: string | null;
      /** Who made it: an API key's id, a portal account's id, or `system` (`ingestion`). */
      actor: {
        kind: "api_key" | "account" | "system";
        id: string | null;
      };
      request_id: string | null;
      at: string;
    }>;
  }>;
  summaries: Array<{
    purpose: string | null;
    summary: string;
    generated_at: string;
  }>;
  stage3_answers: {
    question: string;
    answer: string;
    topic: string;
    source_ids: string[];
    fact_ids: string[];
    updated_at: string;
  }[];
  cached_answers: {
    question: string;
    answer: string;
    fact_ids: string[];
    updated_at: string;
  }[];
  ingestions: Array<{
    ingestion_id: string;
    source: string | null;
    status: "queued" | "processing" | "done" | "failed";
    counts: Record<string, unknown>;
    error: string | null;
    created_at: string;
    finished_at: string | null;
  }>;
  enrichment: Array<{
    kind: string;
    url: string | null;
    status: string;
    data: Record<string, unknown>;
    fetched_at: string;
  }>;
}

export interface ListMemoriesResponse {
  /** Newest first. */
  memories: Array<{
    id: string;
    user_id: string;
    /** The fact, in the third person (redacted). */
    text: string;
    /** `remark`: something the user said that is not about them (searchable, not part of the model). */
    kind: "fact" | "remark";
    topic: "identity" | "work" | "people" | "family" | "health" | "food" | "schedule" | "communication" | "goals" | "interests" | "travel" | "finances" | "events" | "other";
    salience: "safety" | "identity" | "preference" | "event";
    /** `superseded` facts are history, never current. */
    status: "current" | "superseded";
    superseded_by: string | null;
    entities: Array<{
      name: string | null;
      type: "person" | "place" | "organization" | "pet";
      relation: string | null;
    }>;
    /** The messages or documents it comes from. */
    source_ids: string[];
    /** The `source` of the ingest call it came from. */
    source: string | null;
    ingestion_id: string | null;
    said_at: string | null;
    valid_from: string | null;
    valid_to: string | null;
    created_at: string;
    updated_at: string;
  }>;
  /** Pass it as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

export interface MemoryResponse {
  id: string;
  user_id: string;
  /** The fact, in the third person (redacted). */
  text: string;
  /** `remark`: something the user said that is not about them (searchable, not part of the model). */
  kind: "fact" | "remark";
  topic: "identity" | "work" | "people" | "family" | "health" | "food" | "schedule" | "communication" | "goals" | "interests" | "travel" | "finances" | "events" | "other";
  salience: "safety" | "identity" | "preference" | "event";
  /** `superseded` facts are history, never current. */
  status: "current" | "superseded";
  superseded_by: string | null;
  entities: Array<{
    name: string | null;
    type: "person" | "place" | "organization" | "pet";
    relation: string | null;
  }>;
  /** The messages or documents it comes from. */
  source_ids: string[];
  /** The `source` of the ingest call it came from. */
  source: string | null;
  ingestion_id: string | null;
  said_at: string | null;
  valid_from: string | null;
  valid_to: string | null;
  created_at: string;
  updated_at: string;
  /** Every version, oldest first. */
  history: Array<{
    version: number;
    /** What made this version: `extraction` (an ingestion added it), `reconcile` (a newer fact superseded it, or deleting that newer fact restored it), `edit`, `delete`. */
    event: "extraction" | "reconcile" | "edit" | "delete";
    /** The text after this event (null once the memory is deleted). */
    text: string | null;
    topic: "identity" | "work" | "people" | "family" | "health" | "food" | "schedule" | "communication" | "goals" | "interests" | "travel" | "finances" | "events" | "other" | null;
    status: "current" | "superseded" | null;
    superseded_by: string | null;
    ingestion_id: string | null;
    /** Who made it: an API key's id, a portal account's id, or `system` (`ingestion`). */
    actor: {
      kind: "api_key" | "account" | "system";
      id: string | null;
    };
    request_id: string | null;
    at: string;
  }>;
}

export interface UpdateMemoryResponse {
  id: string;
  user_id: string;
  /** The fact, in the third person (redacted). */
  text: string;
  /** `remark`: something the user said that is not about them (searchable, not part of the model). */
  kind: "fact" | "remark";
  topic: "identity" | "work" | "people" | "family" | "health" | "food" | "schedule" | "communication" | "goals" | "interests" | "travel" | "finances" | "events" | "other";
  salience: "safety" | "identity" | "preference" | "event";
  /** `superseded` facts are history, never current. */
  status: "current" | "superseded";
  superseded_by: string | null;
  entities: Array<{
    name: string | null;
    type: "person" | "place" | "organization" | "pet";
    relation: string | null;
  }>;
  /** The messages or documents it comes from. */
  source_ids: string[];
  /** The `source` of the ingest call it came from. */
  source: string | null;
  ingestion_id: string | null;
  said_at: string | null;
  valid_from: string | null;
  valid_to: string | null;
  created_at: string;
  updated_at: string;
}

export interface UpdateMemoryRequest {
  /** The corrected fact, in the third person. */
  text?: string;
  /** File it under this topic instead. */
  topic?: "identity" | "work" | "people" | "family" | "health" | "food" | "schedule" | "communication" | "goals" | "interests" | "travel" | "finances" | "events" | "other";
}

export interface DeleteMemoryResponse {
  id: string;
  user_id: string;
  deleted: true;
  /** Facts the deleted one had superseded, current again. */
  restored_ids: string[];
}

export interface EraseUserResponse {
  user_id: string;
  erased: true;
  erased_at: string;
  /** Rows erased, by kind: users, messages, documents, document_chunks, memories, memory_versions, search_entries (vectors), search_terms, summaries, stage3_entries, stage3_runs, ingestions, cached_answers, profile_sources, webhook_deliveries (about this user). */
  counts: Record<string, unknown>;
  total_rows: number;
  /** Quote it as the receipt of this erasure. */
  request_id: string;
}

export interface ErrorResponse {
  error: {
    /** Machine-readable; see the list of codes. */
    code: "missing_api_key" | "invalid_api_key" | "revoked_api_key" | "expired_api_key" | "missing_body" | "invalid_json" | "validation_error" | "user_not_found" | "memory_not_found" | "ingestion_not_found" | "method_not_allowed" | "email_conflict" | "registration_conflict" | "payload_too_large" | "too_many_items" | "rate_limited" | "internal_error" | "database_unavailable" | "query_timeout";
    /** What went wrong and how to fix it, for a person. */
    message: string;
    /** The input field at fault, when there is one. */
    field?: string;
    /** Quote it when reporting a problem; also in the `x-request-id` header. */
    request_id: string;
  };
}

export interface IngestionParams {
  /** The `ingestion_id` returned by `/ingest`. */
  id: string;
}

export interface SummaryParams {
  /** The user. */
  user_id: string;
  /** Cut the summary to at most this many characters, at a sentence or word boundary. */
  max_chars?: number;
  /** A purpose to focus the summary on (e.g. `restaurant recommendations`). */
  purpose?: string;
}

export interface ProfileParams {
  /** The user. */
  user_id: string;
  /** `all` (default) includes superseded facts as history; `current` leaves them out. */
  status?: "all" | "current";
}

export interface ListUsersParams {
  /** A `user_id` prefix, or an email (matched exactly: only a hash of it is stored). */
  search?: string;
  /** Page size, 1–100 (default 20). */
  limit?: number;
  /** `next_cursor` of the previous page. */
  cursor?: string;
}

export interface UserParams {
  /** The user. */
  user_id: string;
}

export interface EraseUserParams {
  /** The user. */
  user_id: string;
}

export interface ExportUserParams {
  /** The user. */
  user_id: string;
}

export interface ListMemoriesParams {
  /** The user. */
  user_id: string;
  /** Only this topic of the user model (`food`, `health`, `work`, …). */
  topic?: "identity" | "work" | "people" | "family" | "health" | "food" | "schedule" | "communication" | "goals" | "interests" | "travel" | "finances" | "events" | "other";
  /** `all` (default), `current` or `superseded`. */
  status?: "current" | "superseded" | "all";
  /** `all` (default), `fact` (about the user) or `remark` (said, not about them). */
  kind?: "fact" | "remark" | "all";
  /** Only memories from ingest calls with this `source`. */
  source?: string;
  /** Created at or after (ISO 8601). */
  created_after?: string;
  /** Created before (ISO 8601). */
  created_before?: string;
  /** Last changed at or after (ISO 8601). */
  updated_after?: string;
  /** Last changed before (ISO 8601). */
  updated_before?: string;
  /** Page size, 1–100 (default 20). */
  limit?: number;
  /** `next_cursor` of the previous page. */
  cursor?: string;
}

export interface MemoryParams {
  /** The memory's id (`mem_…`). */
  id: string;
}

export interface UpdateMemoryParams {
  /** The memory's id (`mem_…`). */
  id: string;
}

export interface DeleteMemoryParams {
  /** The memory's id (`mem_…`). */
  id: string;
}

export const OPERATIONS = {
  register: { method: "POST", path: "/register", pathParams: [], queryParams: [], body: true },
  ingest: { method: "POST", path: "/ingest", pathParams: [], queryParams: [], body: true },
  getIngestion: { method: "GET", path: "/ingestions/{id}", pathParams: ["id"], queryParams: [], body: false },
  getSummary: { method: "GET", path: "/summary", pathParams: [], queryParams: ["user_id","max_chars","purpose"], body: false },
  getProfile: { method: "GET", path: "/profile", pathParams: [], queryParams: ["user_id","status"], body: false },
  getChunks: { method: "POST", path: "/chunks", pathParams: [], queryParams: [], body: true },
  query: { method: "POST", path: "/query", pathParams: [], queryParams: [], body: true },
  listUsers: { method: "GET", path: "/users", pathParams: [], queryParams: ["search","limit","cursor"], body: false },
  getUser: { method: "GET", path: "/users/{user_id}", pathParams: ["user_id"], queryParams: [], body: false },
  eraseUser: { method: "DELETE", path: "/users/{user_id}", pathParams: ["user_id"], queryParams: [], body: false },
  exportUser: { method: "GET", path: "/users/{user_id}/export", pathParams: ["user_id"], queryParams: [], body: false },
  listMemories: { method: "GET", path: "/memories", pathParams: [], queryParams: ["user_id","topic","status","kind","source","created_after","created_before","updated_after","updated_before","limit","cursor"], body: false },
  getMemory: { method: "GET", path: "/memories/{id}", pathParams: ["id"], queryParams: [], body: false },
  updateMemory: { method: "PATCH", path: "/memories/{id}", pathParams: ["id"], queryParams: [], body: true },
  deleteMemory: { method: "DELETE", path: "/memories/{id}", pathParams: ["id"], queryParams: [], body: false },
} as const satisfies Record<string, OperationSpec>;

/** One typed method per operation of the Pio API. */
export class PioOperations extends PioCore {
  /**
   * Register a user: `POST /register`.
   *
   * Registers an end user, or merges `traits` into the existing one (idempotent on `email` or `user_id`). Answers 201 when the user was created and 200 when it already existed. Building the profile summary (Stage 2) starts in the background. `PUT /register` is an alias.
   */
  register(input: RegisterRequest, options?: RequestOptions): Promise<RegisterResponse> {
    return this.call<RegisterResponse>(OPERATIONS.register, input, options);
  }

  /**
   * Ingest conversations and documents: `POST /ingest`.
   *
   * Stores conversations and documents for a user (PII redacted first) and extracts memories from them in the background. Everything is validated before anything is stored. Follow processing with `GET /ingestions/{id}`.
   */
  ingest(input: IngestRequest, options?: RequestOptions): Promise<IngestResponse> {
    return this.call<IngestResponse>(OPERATIONS.ingest, input, options);
  }

  /**
   * Get an ingestion's processing status: `GET /ingestions/{id}`.
   *
   * Reports the background processing of one `/ingest` call: `queued`, `processing`, `done` or `failed` (with `error`), what it produced, and per item of the request its outcome with the reason (facts added / updated / already known, no fact found, duplicate, PII types redacted).
   */
  getIngestion(input: IngestionParams, options?: RequestOptions): Promise<IngestionResponse> {
    return this.call<IngestionResponse>(OPERATIONS.getIngestion, input, options);
  }

  /**
   * Get the profile summary: `GET /summary`.
   *
   * A natural-language summary of the user for the system prompt, deterministic for the same data. Served from storage; generated on first request for a new purpose.
   */
  getSummary(input: SummaryParams, options?: RequestOptions): Promise<SummaryResponse> {
    return this.call<SummaryResponse>(OPERATIONS.getSummary, input, options);
  }

  /**
   * Get the user model: `GET /profile`.
   *
   * What Pio understands about the user, as a tree: topics → facts (third person, with salience, status, when they hold and their sources; superseded facts kept as history), the people, places and organizations they name, and traits a newer fact contradicts.
   */
  getProfile(input: ProfileParams, options?: RequestOptions): Promise<ProfileResponse> {
    return this.call<ProfileResponse>(OPERATIONS.getProfile, input, options);
  }

  /**
   * Retrieve relevant chunks: `POST /chunks`.
   *
   * Memories, document passages and Stage 3 answers relevant to the current conversation, for grounding every agent turn. Built from the last turns of `history`, not just a question; no LLM call on this path.
   */
  getChunks(input: ChunksRequest, options?: RequestOptions): Promise<ChunksResponse> {
    return this.call<ChunksResponse>(OPERATIONS.getChunks, input, options);
  }

  /**
   * Ask a question about the user: `POST /query`.
   *
   * Answers a natural-language question about the user from the facts Pio stored, cache first (a cached answer is dropped when a fact it cites changes). The answer comes first and short; `sources` lists the facts or chunks it was composed from. Answers are never stored as facts.
   */
  query(input: QueryRequest, options?: RequestOptions): Promise<QueryResponse> {
    return this.call<QueryResponse>(OPERATIONS.query, input, options);
  }

  /**
   * List users: `GET /users`.
   *
   * The environment's users, newest first, a page at a time. `search` matches a `user_id` prefix or an exact email.
   */
  listUsers(input: ListUsersParams, options?: RequestOptions): Promise<ListUsersResponse> {
    return this.call<ListUsersResponse>(OPERATIONS.listUsers, input, options);
  }

  /**
   * Get a user: `GET /users/{user_id}`.
   *
   * The user, their traits, and how much Pio holds about them.
   */
  getUser(input: UserParams, options?: RequestOptions): Promise<UserResponse> {
    return this.call<UserResponse>(OPERATIONS.getUser, input, options);
  }

  /**
   * Erase a user: `DELETE /users/{user_id}`.
   *
   * Erases the user and everything of theirs — messages, documents, chunks, memories and their history, vectors, search terms, summaries, Stage 3 entries, ingestions, cached answers — in one transaction, and answers a receipt with the counts. From then on every endpoint answers `user_not_found` for this `user_id` (until it is registered again, as a new user).
   */
  eraseUser(input: EraseUserParams, options?: RequestOptions): Promise<EraseUserResponse> {
    return this.call<EraseUserResponse>(OPERATIONS.eraseUser, input, options);
  }

  /**
   * Export a user's data: `GET /users/{user_id}/export`.
   *
   * Everything Pio holds about the user as one JSON document (data portability): traits, messages and documents as stored (redacted), memories with their history, summaries, Stage 3 answers, cached answers, ingestions and enrichment. Derived data (document chunks, vectors, search terms) is left out.
   */
  exportUser(input: ExportUserParams, options?: RequestOptions): Promise<ExportUserResponse> {
    return this.call<ExportUserResponse>(OPERATIONS.exportUser, input, options);
  }

  /**
   * List a user's memories: `GET /memories`.
   *
   * The facts Pio stored about a user, newest first, a page at a time, with filters. Superseded facts are history (`status=current` leaves them out).
   */
  listMemories(input: ListMemoriesParams, options?: RequestOptions): Promise<ListMemoriesResponse> {
    return this.call<ListMemoriesResponse>(OPERATIONS.listMemories, input, options);
  }

  /**
   * Get a memory with its history: `GET /memories/{id}`.
   *
   * One memory and its history: each version with the event that made it (`extraction`, `reconcile`, `edit`, `delete`) and who.
   */
  getMemory(input: MemoryParams, options?: RequestOptions): Promise<MemoryResponse> {
    return this.call<MemoryResponse>(OPERATIONS.getMemory, input, options);
  }

  /**
   * Correct a memory: `PATCH /memories/{id}`.
   *
   * Changes a memory's text (redacted and re-embedded like ingested text; topic, salience and entities follow it) or its topic. The summary, Stage 3 answers and cached /query answers built on it are refreshed before the response returns.
   */
  updateMemory(input: UpdateMemoryParams & UpdateMemoryRequest, options?: RequestOptions): Promise<UpdateMemoryResponse> {
    return this.call<UpdateMemoryResponse>(OPERATIONS.updateMemory, input, options);
  }

  /**
   * Delete a memory: `DELETE /memories/{id}`.
   *
   * Deletes a memory with its vector and search terms; its history keeps an audit version, every earlier text erased. A fact it had superseded is current again. The next /summary, /chunks and /query never show it.
   */
  deleteMemory(input: DeleteMemoryParams, options?: RequestOptions): Promise<DeleteMemoryResponse> {
    return this.call<DeleteMemoryResponse>(OPERATIONS.deleteMemory, input, options);
  }
}
