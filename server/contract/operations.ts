import { z } from "zod";
import { SPEC_REGISTER, SPEC_RESPONSES, SPEC_USER_ID, specChunks, specIngest, specQuery, SPEC_SUMMARY_MAX_CHARS } from "@/lib/spec-examples";
import { ApiError } from "@/server/http/errors";
import { countLimitError, ingestBody, LIMITS, WAIT_DEFAULT_SECONDS, WAIT_MAX_SECONDS } from "@/server/ingest/schema";
import { queryBody } from "@/server/profile/query";
import { profileQuery } from "@/server/profile/get-profile";
import { summaryQuery } from "@/server/profile/get-summary";
import { chunksBody } from "@/server/retrieval/schema";
import { registerBody } from "@/server/users/register";
import { defineOperation, type AnyOperation } from "./define";
import { chunksResponse, ingestionResponse, ingestResponse, profileResponse, queryResponse, registerResponse, summaryResponse } from "./responses";

/**
 * The registry of public operations. Each entry is what the route validates with and what
 * the OpenAPI document (/openapi.json), the API reference (/docs), the SDKs (sdk/) and the
 * MCP tools (/mcp) say about it. tests/integration/contract.test.ts fails when a route and
 * this registry disagree.
 */
const FROM_SPEC = "The request is the spec's Quick Start example, verbatim; the response adds Pio's fields to the spec's.";
const EXAMPLE_INGESTION_ID = "ing_7Hq2mXc9PzR4";

const register = defineOperation({
  id: "register",
  method: "POST",
  path: "/register",
  aliases: ["PUT"],
  tag: "Users",
  summary: "Register a user",
  description:
    "Registers an end user, or merges `traits` into the existing one (idempotent on `email` or `user_id`). " +
    "Answers 201 when the user was created and 200 when it already existed. Building the profile summary " +
    "(Stage 2) starts in the background. `PUT /register` is an alias.",
  body: registerBody,
  fields: {
    email: { description: "The user's email. Either `email` or `user_id` is required. Stored only as a workspace-scoped hash." },
    user_id: { description: "Your own id for the user. Generated (`usr_…`) when omitted." },
    purpose: { description: "What your agent does for this user; focuses the profile summary and Stage 3 questions." },
    traits: {
      description:
        "name, locale, timezone, social URLs, website, notes, … merged key by key into the stored traits, newest value winning (at most 64 KB of JSON).",
    },
  },
  responses: [
    { status: 201, description: "The user was created.", schema: registerResponse },
    { status: 200, description: "The user already existed; traits were merged.", schema: registerResponse },
  ],
  errors: ["email_conflict", "registration_conflict"],
  examples: { body: SPEC_REGISTER, response: SPEC_RESPONSES.register, source: "The spec's Quick Start example, verbatim." },
  mcp: {
    tool: "register_user",
    title: "Register a user",
    description:
      "Register an end user with Pio (or merge traits into an existing one) before ingesting their data. Returns the user_id to use with the other tools.",
  },
});

const ingest = defineOperation({
  id: "ingest",
  method: "POST",
  path: "/ingest",
  tag: "Ingestion",
  summary: "Ingest conversations and documents",
  description:
    "Stores conversations and documents for a user (PII redacted first) and extracts memories from them in the " +
    "background. Everything is validated before anything is stored. Follow processing with `GET /ingestions/{id}`.",
  body: ingestBody,
  precheck: (raw) => {
    const over = countLimitError(raw);
    return over ? new ApiError(413, "too_many_items", over.message, { field: over.field }) : null;
  },
  fields: {
    user_id: { description: "The user, as returned by `/register`." },
    source: { description: "Where the data comes from (`gmail`, `slack`, your agent's name, …)." },
    message_history: { description: `Conversation turns, stored as one conversation (at most ${LIMITS.messages.toLocaleString("en-US")}).` },
    "message_history[].id": { description: "Your id for the message; with `options.dedupe` a known id is skipped." },
    "message_history[].role": { description: "Who spoke." },
    "message_history[].content": {
      description: "What was said.",
      schema: { minLength: 1, maxLength: LIMITS.messageChars },
    },
    "message_history[].timestamp": { description: "ISO 8601 with `Z` or an offset, or a date; defaults to the time received." },
    documents: { description: `Documents (at most ${LIMITS.documents}).` },
    "documents[].content": { description: "The document's text.", schema: { minLength: 1, maxLength: LIMITS.documentChars } },
    "documents[].title": { description: "Its title." },
    "documents[].document_type": { description: "`document`, `message_history`, `email`, `calendar_event` or a custom type." },
    "documents[].doc_id": { description: "Your id for the document: a known `doc_id` with new content replaces the document." },
    "documents[].created_at": { description: "When the document was written (ISO 8601)." },
    options: { description: "Processing options." },
    "options.dedupe": { description: "Skip messages and documents already stored for this user; each skipped item is listed in `skipped`." },
    "options.wait": {
      description:
        `Answer after processing (memories extracted): the response then carries \`status\`, \`status_url\` and the processed \`ingestion\` with per-item outcomes. ` +
        `Bounded by \`options.wait_timeout\`; past it the answer is as without \`wait\`, plus \`status\` and \`status_url\` to follow.`,
    },
    "options.wait_timeout": { description: `With \`options.wait\`: how many seconds to wait at most (default ${WAIT_DEFAULT_SECONDS}, at most ${WAIT_MAX_SECONDS}).` },
  },
  responses: [{ status: 200, description: "Stored; processing runs in the background (or has finished, with `options.wait`).", schema: ingestResponse }],
  errors: ["user_not_found", "too_many_items"],
  examples: {
    body: specIngest(),
    response: {
      ingestion_id: EXAMPLE_INGESTION_ID,
      ...SPEC_RESPONSES.ingest,
      saved: { ...SPEC_RESPONSES.ingest.saved, messages: 2 },
    },
    source: FROM_SPEC,
  },
  mcp: {
    tool: "ingest",
    title: "Ingest conversations and documents",
    description:
      "Send conversation turns and/or documents about a user to Pio; memories are extracted in the background. Use after a conversation to let Pio learn.",
  },
});

const getIngestion = defineOperation({
  id: "getIngestion",
  method: "GET",
  path: "/ingestions/{id}",
  tag: "Ingestion",
  summary: "Get an ingestion's processing status",
  description:
    "Reports the background processing of one `/ingest` call: `queued`, `processing`, `done` or `failed` (with `error`), " +
    "what it produced, and per item of the request its outcome with the reason (facts added / updated / already known, no fact found, " +
    "duplicate, PII types redacted).",
  params: z.object({ id: z.string().min(1).max(128) }),
  fields: { id: { description: "The `ingestion_id` returned by `/ingest`." } },
  responses: [{ status: 200, description: "The ingestion's status.", schema: ingestionResponse }],
  errors: ["ingestion_not_found"],
  examples: {
    params: { id: EXAMPLE_INGESTION_ID },
    response: {
      ingestion_id: EXAMPLE_INGESTION_ID,
      user_id: SPEC_USER_ID,
      status: "done",
      counts: {
        messages: 2,
        documents: 1,
        skipped: 0,
        memories_added: 2,
        memories_updated: 0,
        memories_deleted: 0,
        memories_unchanged: 0,
        document_chunks: 1,
      },
      items: [
        { type: "message", index: 0, id: "msg_456_0", outcome: "learned", reason: "2 facts added", facts: { added: 2, updated: 0, deleted: 0, unchanged: 0 }, pii_redacted: [] },
        { type: "message", index: 1, id: "msg_456_1", outcome: "no_fact_found", reason: "no fact about the user was found in this message (it is kept as conversation context)", facts: { added: 0, updated: 0, deleted: 0, unchanged: 0 }, pii_redacted: [] },
        { type: "document", index: 0, doc_id: "doc-q4-goals", outcome: "stored", reason: "stored as 1 searchable passage for /chunks and /query", chunks: 1, pii_redacted: [] },
      ],
      attempts: 1,
      created_at: "2025-11-11T16:10:00Z",
      started_at: "2025-11-11T16:10:00Z",
      finished_at: "2025-11-11T16:10:02Z",
    },
  },
  mcp: {
    tool: "get_ingestion",
    title: "Get an ingestion's status",
    description: "Check whether Pio finished processing an ingest call (status queued, processing, done or failed).",
  },
});

const getSummary = defineOperation({
  id: "getSummary",
  method: "GET",
  path: "/summary",
  tag: "Profile",
  summary: "Get the profile summary",
  description:
    "A natural-language summary of the user for the system prompt, deterministic for the same data. " +
    "Served from storage; generated on first request for a new purpose.",
  query: summaryQuery,
  fields: {
    user_id: { description: "The user." },
    max_chars: {
      description: "Cut the summary to at most this many characters, at a sentence or word boundary.",
      schema: { type: "integer", minimum: 1, maximum: 20000, default: 1000 },
    },
    purpose: { description: "A purpose to focus the summary on (e.g. `restaurant recommendations`)." },
  },
  responses: [{ status: 200, description: "The summary.", schema: summaryResponse }],
  errors: ["user_not_found"],
  examples: {
    query: { user_id: SPEC_USER_ID, max_chars: SPEC_SUMMARY_MAX_CHARS },
    response: SPEC_RESPONSES.summary,
    source: "The spec's Quick Start example, verbatim.",
  },
  mcp: {
    tool: "get_summary",
    title: "Get the user's profile summary",
    description: "Get a natural-language summary of the user, to put in the system prompt at the start of a session.",
  },
});

const getChunks = defineOperation({
  id: "getChunks",
  method: "POST",
  path: "/chunks",
  tag: "Retrieval",
  summary: "Retrieve relevant chunks",
  description:
    "Memories, document passages and Stage 3 answers relevant to the current conversation, for grounding every " +
    "agent turn. Built from the last turns of `history`, not just a question; no LLM call on this path.",
  body: chunksBody,
  fields: {
    user_id: { description: "The user." },
    history: { description: "Recent conversation turns, oldest first." },
    "history[].role": { description: "Who spoke." },
    "history[].content": { description: "What was said." },
    k: { description: "How many chunks to return (default 6)." },
    top_k: { description: "Alias of `k`." },
    similarity_threshold: { description: "Minimum score in [0, 1] (0.25–0.35 broad, 0.4–0.5 precise)." },
    max_context_turns: { description: "How many of the last turns build the search." },
    exclude_chunk_ids: { description: "Chunk ids to leave out (e.g. already in the prompt)." },
  },
  responses: [{ status: 200, description: "The chunks, best first.", schema: chunksResponse }],
  errors: ["user_not_found"],
  examples: {
    body: specChunks(),
    response: {
      ...SPEC_RESPONSES.chunks,
      chunks: [
        { ...SPEC_RESPONSES.chunks.chunks[0]!, source_ids: ["msg_8f2kD3tLqW_0"] },
        { ...SPEC_RESPONSES.chunks.chunks[1]!, source_ids: ["mem_789"] },
      ],
      debug: { ...SPEC_RESPONSES.chunks.debug, document_count: 0 },
    },
    source: FROM_SPEC,
  },
  mcp: {
    tool: "get_relevant_chunks",
    title: "Get context relevant to the conversation",
    description:
      "Retrieve what Pio knows about the user that is relevant to the current conversation. Pass the recent turns; call it at every turn to ground the answer.",
  },
});

const query = defineOperation({
  id: "query",
  method: "POST",
  path: "/query",
  tag: "Profile",
  summary: "Ask a question about the user",
  description:
    "Answers a natural-language question about the user from the facts Pio stored, cache first (a cached answer is " +
    "dropped when a fact it cites changes). The answer comes first and short; `sources` lists the facts or chunks it " +
    "was composed from. Answers are never stored as facts.",
  body: queryBody,
  fields: {
    user_id: { description: "The user." },
    question: { description: "The question, in natural language.", schema: { minLength: 1, maxLength: 2000 } },
    use_cache: { description: "`false` forces a fresh answer instead of a stored one." },
  },
  responses: [{ status: 200, description: "The answer.", schema: queryResponse }],
  errors: ["user_not_found", "query_timeout"],
  examples: {
    body: specQuery(),
    response: {
      ...SPEC_RESPONSES.query,
      source_ids: ["msg_8f2kD3tLqW_4", "msg_8f2kD3tLqW_7"],
      sources: [
        { id: "mem_7Qm2", text: "Ash's cofounder Sarah Chen runs engineering and they talk every day.", source_ids: ["msg_8f2kD3tLqW_4"] },
        { id: "mem_9Xk4", text: "David Kimball is Ash's recruiter, he helps Ash hire engineers.", source_ids: ["msg_8f2kD3tLqW_7"] },
      ],
    },
    source: FROM_SPEC,
  },
  mcp: {
    tool: "query_user_profile",
    title: "Ask a question about the user",
    description:
      "Ask detailed questions about the user's preferences, relationships, work style or any personal information, when you need something not in the current context.",
  },
});

const getProfile = defineOperation({
  id: "getProfile",
  method: "GET",
  path: "/profile",
  tag: "Profile",
  summary: "Get the user model",
  description:
    "What Pio understands about the user, as a tree: topics → facts (third person, with salience, status, when they " +
    "hold and their sources; superseded facts kept as history), the people, places and organizations they name, and " +
    "traits a newer fact contradicts.",
  query: profileQuery,
  fields: {
    user_id: { description: "The user." },
    status: { description: "`all` (default) includes superseded facts as history; `current` leaves them out." },
  },
  responses: [{ status: 200, description: "The user model.", schema: profileResponse }],
  errors: ["user_not_found"],
  examples: {
    query: { user_id: SPEC_USER_ID },
    response: {
      user_id: SPEC_USER_ID,
      name: "Ash Lewis",
      topics: [
        {
          topic: "food",
          label: "Food & preferences",
          facts: [
            {
              id: "mem_789",
              text: "Ash loves sushi and usually eats late dinners around 9pm",
              status: "current",
              salience: "preference",
              valid_from: "2025-11-01T14:30:00.000Z",
              said_at: "2025-11-01T14:30:00.000Z",
              source_ids: ["msg_8f2kD3tLqW_0"],
              entities: [],
            },
          ],
        },
      ],
      entities: [],
      flags: [],
      counts: { facts: 1, current: 1, superseded: 0 },
      truncated: false,
    },
    source: "The user of the spec's Quick Start after its ingest example.",
  },
  mcp: {
    tool: "get_user_profile",
    title: "Get what Pio knows about the user, by topic",
    description:
      "Get the user model: facts by topic (identity, work, people, family, health, food, schedule, communication, goals, …), the people in the user's life with their relation, and outdated traits.",
  },
});

/** Every public operation, in the order the reference shows them. */
export const operations = { register, ingest, getIngestion, getSummary, getProfile, getChunks, query };

export type Operations = typeof operations;
export type OperationId = keyof Operations;

export const operationList: AnyOperation[] = Object.values(operations) as AnyOperation[];
