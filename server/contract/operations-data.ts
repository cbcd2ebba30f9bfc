import { SPEC_USER_ID } from "@/lib/spec-examples";
import { listMemoriesQuery } from "@/server/memory/list";
import { memoryPathParams } from "@/server/memory/get";
import { updateMemoryBody } from "@/server/memory/update";
import { userPathParams } from "@/server/users/get";
import { listUsersQuery } from "@/server/users/list";
import { defineOperation } from "./define";
import {
  eraseResponse,
  exportResponse,
  memoriesResponse,
  memoryDeleteResponse,
  memoryResponse,
  usersResponse,
  userResponse,
} from "./responses-data";

/**
 * The user and memory management operations (issue 12): list and look at users, export and
 * erase one, list, read (with history), correct and delete memories. Registered in
 * operations.ts with the others.
 */
const EXAMPLE_MEMORY_ID = "mem_7Qm2xK9pLw";
const AT = "2025-11-11T16:10:02.000Z";

const exampleMemory = {
  id: EXAMPLE_MEMORY_ID,
  user_id: SPEC_USER_ID,
  text: "Ash loves sushi and usually eats late dinners around 9pm",
  kind: "fact",
  topic: "food",
  salience: "preference",
  status: "current",
  superseded_by: null,
  entities: [],
  source_ids: ["msg_8f2kD3tLqW_0"],
  source: "chat",
  ingestion_id: "ing_7Hq2mXc9PzR4",
  said_at: "2025-11-01T14:30:00.000Z",
  valid_from: "2025-11-01T14:30:00.000Z",
  valid_to: null,
  created_at: AT,
  updated_at: AT,
} as const;

const exampleUser = {
  user_id: SPEC_USER_ID,
  email: "a***@example.com",
  name: "Ash Lewis",
  purpose: null,
  memory_count: 2,
  created_at: "2025-11-11T16:00:00.000Z",
  updated_at: "2025-11-11T16:00:00.000Z",
};

const pageFields = {
  limit: { description: "Page size, 1–100 (default 20).", schema: { type: "integer", minimum: 1, maximum: 100, default: 20 } },
  cursor: { description: "`next_cursor` of the previous page." },
};

export const listUsers = defineOperation({
  id: "listUsers",
  method: "GET",
  path: "/users",
  tag: "Users",
  summary: "List users",
  description: "The environment's users, newest first, a page at a time. `search` matches a `user_id` prefix or an exact email.",
  query: listUsersQuery,
  fields: { search: { description: "A `user_id` prefix, or an email (matched exactly: only a hash of it is stored)." }, ...pageFields },
  responses: [{ status: 200, description: "One page of users.", schema: usersResponse }],
  errors: [],
  examples: { query: { limit: 20 }, response: { users: [exampleUser], next_cursor: null } },
});

export const getUser = defineOperation({
  id: "getUser",
  method: "GET",
  path: "/users/{user_id}",
  tag: "Users",
  summary: "Get a user",
  description: "The user, their traits, and how much Pio holds about them.",
  params: userPathParams,
  fields: { user_id: { description: "The user." } },
  responses: [{ status: 200, description: "The user.", schema: userResponse }],
  errors: ["user_not_found"],
  examples: {
    params: { user_id: SPEC_USER_ID },
    response: {
      ...exampleUser,
      traits: { name: "Ash Lewis", timezone: "America/Los_Angeles" },
      counts: { memories: 2, current_memories: 2, messages: 2, documents: 0, ingestions: 1 },
      last_ingested_at: AT,
    },
  },
});

export const exportUser = defineOperation({
  id: "exportUser",
  method: "GET",
  path: "/users/{user_id}/export",
  tag: "Users",
  summary: "Export a user's data",
  description:
    "Everything Pio holds about the user as one JSON document (data portability): traits, messages and documents as stored " +
    "(redacted), memories with their history, summaries, Stage 3 answers, cached answers, ingestions and enrichment. " +
    "Derived data (document chunks, vectors, search terms) is left out.",
  params: userPathParams,
  fields: { user_id: { description: "The user." } },
  responses: [{ status: 200, description: "The user's data.", schema: exportResponse }],
  errors: ["user_not_found"],
  examples: {
    params: { user_id: SPEC_USER_ID },
    response: {
      exported_at: AT,
      user: {
        user_id: SPEC_USER_ID,
        email: "a***@example.com",
        name: "Ash Lewis",
        purpose: null,
        traits: { name: "Ash Lewis" },
        profile: { name: "Ash Lewis" },
        created_at: "2025-11-11T16:00:00.000Z",
        updated_at: "2025-11-11T16:00:00.000Z",
      },
      messages: [{ id: "msg_8f2kD3tLqW_0", role: "user", content: "I love sushi and usually eat late dinners around 9pm.", source: "chat", timestamp: "2025-11-01T14:30:00.000Z", ingestion_id: "ing_7Hq2mXc9PzR4" }],
      documents: [],
      memories: [{ ...exampleMemory, history: [] }],
      deleted_memories: [],
      summaries: [{ purpose: null, summary: "Ash Lewis loves sushi and usually eats late dinners around 9pm.", generated_at: AT }],
      stage3_answers: [],
      cached_answers: [],
      ingestions: [],
      enrichment: [],
    },
  },
});

export const eraseUser = defineOperation({
  id: "eraseUser",
  method: "DELETE",
  path: "/users/{user_id}",
  tag: "Users",
  summary: "Erase a user",
  description:
    "Erases the user and everything of theirs — messages, documents, chunks, memories and their history, vectors, search terms, " +
    "summaries, Stage 3 entries, ingestions, cached answers — in one transaction, and answers a receipt with the counts. " +
    "From then on every endpoint answers `user_not_found` for this `user_id` (until it is registered again, as a new user).",
  params: userPathParams,
  fields: { user_id: { description: "The user." } },
  responses: [{ status: 200, description: "The erasure receipt.", schema: eraseResponse }],
  errors: ["user_not_found"],
  examples: {
    params: { user_id: SPEC_USER_ID },
    response: {
      user_id: SPEC_USER_ID,
      erased: true,
      erased_at: AT,
      counts: { users: 1, messages: 2, documents: 1, document_chunks: 1, memories: 2, memory_versions: 2, search_entries: 3, search_terms: 9, summaries: 1, stage3_entries: 0, stage3_runs: 0, ingestions: 1, cached_answers: 1, profile_sources: 0 },
      total_rows: 24,
      request_id: "req_4hQ8sZ2mPq1x",
    },
  },
});

export const listMemories = defineOperation({
  id: "listMemories",
  method: "GET",
  path: "/memories",
  tag: "Memories",
  summary: "List a user's memories",
  description:
    "The facts Pio stored about a user, newest first, a page at a time, with filters. Superseded facts are history " +
    "(`status=current` leaves them out).",
  query: listMemoriesQuery,
  fields: {
    user_id: { description: "The user." },
    topic: { description: "Only this topic of the user model (`food`, `health`, `work`, …)." },
    status: { description: "`all` (default), `current` or `superseded`." },
    kind: { description: "`all` (default), `fact` (about the user) or `remark` (said, not about them)." },
    source: { description: "Only memories from ingest calls with this `source`." },
    created_after: { description: "Created at or after (ISO 8601)." },
    created_before: { description: "Created before (ISO 8601)." },
    updated_after: { description: "Last changed at or after (ISO 8601)." },
    updated_before: { description: "Last changed before (ISO 8601)." },
    ...pageFields,
  },
  responses: [{ status: 200, description: "One page of memories.", schema: memoriesResponse }],
  errors: ["user_not_found"],
  examples: { query: { user_id: SPEC_USER_ID, status: "current" }, response: { memories: [exampleMemory], next_cursor: null } },
  mcp: {
    tool: "list_memories",
    title: "List what Pio remembers about the user",
    description: "List the facts Pio stored about a user (filter by topic or status), with their ids, to review or correct them.",
  },
});

export const getMemory = defineOperation({
  id: "getMemory",
  method: "GET",
  path: "/memories/{id}",
  tag: "Memories",
  summary: "Get a memory with its history",
  description: "One memory and its history: each version with the event that made it (`extraction`, `reconcile`, `edit`, `delete`) and who.",
  params: memoryPathParams,
  fields: { id: { description: "The memory's id (`mem_…`)." } },
  responses: [{ status: 200, description: "The memory.", schema: memoryResponse }],
  errors: ["memory_not_found"],
  examples: {
    params: { id: EXAMPLE_MEMORY_ID },
    response: {
      ...exampleMemory,
      history: [
        { version: 1, event: "extraction", text: exampleMemory.text, topic: "food", status: "current", superseded_by: null, ingestion_id: "ing_7Hq2mXc9PzR4", actor: { kind: "system", id: "ingestion" }, request_id: null, at: AT },
      ],
    },
  },
});

export const updateMemory = defineOperation({
  id: "updateMemory",
  method: "PATCH",
  path: "/memories/{id}",
  tag: "Memories",
  summary: "Correct a memory",
  description:
    "Changes a memory's text (redacted and re-embedded like ingested text; topic, salience and entities follow it) or its topic. " +
    "The summary, Stage 3 answers and cached /query answers built on it are refreshed before the response returns.",
  params: memoryPathParams,
  body: updateMemoryBody,
  fields: {
    id: { description: "The memory's id (`mem_…`)." },
    text: { description: "The corrected fact, in the third person.", schema: { minLength: 1, maxLength: 2000 } },
    topic: { description: "File it under this topic instead." },
  },
  responses: [{ status: 200, description: "The memory as it now is.", schema: memoryResponse.omit({ history: true }) }],
  errors: ["memory_not_found"],
  examples: {
    params: { id: EXAMPLE_MEMORY_ID },
    body: { text: "Ash loves sushi and usually eats late dinners around 9:30pm" },
    response: { ...exampleMemory, text: "Ash loves sushi and usually eats late dinners around 9:30pm", updated_at: "2025-11-12T09:00:00.000Z" },
  },
  mcp: {
    tool: "update_memory",
    title: "Correct a memory",
    description: "Correct a fact Pio stored about the user (when the user says it is wrong or changed). Takes the memory id from list_memories.",
  },
});

export const deleteMemory = defineOperation({
  id: "deleteMemory",
  method: "DELETE",
  path: "/memories/{id}",
  tag: "Memories",
  summary: "Delete a memory",
  description:
    "Deletes a memory with its vector and search terms; its history keeps an audit version, every earlier text erased. A fact it " +
    "had superseded is current again. The next /summary, /chunks and /query never show it.",
  params: memoryPathParams,
  fields: { id: { description: "The memory's id (`mem_…`)." } },
  responses: [{ status: 200, description: "Deleted.", schema: memoryDeleteResponse }],
  errors: ["memory_not_found"],
  examples: { params: { id: EXAMPLE_MEMORY_ID }, response: { id: EXAMPLE_MEMORY_ID, user_id: SPEC_USER_ID, deleted: true, restored_ids: [] } },
  mcp: {
    tool: "delete_memory",
    title: "Delete a memory",
    description: "Delete a fact Pio stored about the user (when the user asks Pio to forget it). Takes the memory id from list_memories.",
  },
});
