import { FIRST_TEST_QUESTION, SPEC_REGISTER, SPEC_SUMMARY_MAX_CHARS, SPEC_USER_ID, specChunks, specIngest, specQuery } from "@/lib/spec-examples";

/** sessionStorage: the last user_id / ingestion_id the playground's examples use. */
export const PLAYGROUND_CONTEXT_KEY = (workspaceId: string) => `pio:playground-context:${workspaceId}`;

export interface PlaygroundEndpoint {
  id: "register" | "ingest" | "ingestion" | "summary" | "chunks" | "query";
  method: "GET" | "POST";
  label: string;
  description: string;
  /** The example request, given the last user_id and ingestion_id seen in this tab. */
  example(ctx: { userId?: string; ingestionId?: string }): { path: string; body?: string };
}

const pretty = (v: unknown) => JSON.stringify(v, null, 2);

/** Every public endpoint, prefilled with the spec's examples. */
export const PLAYGROUND_ENDPOINTS: PlaygroundEndpoint[] = [
  {
    id: "register",
    method: "POST",
    label: "/register",
    description: "Register a user (or merge traits into an existing one).",
    example: () => ({ path: "/register", body: pretty(SPEC_REGISTER) }),
  },
  {
    id: "ingest",
    method: "POST",
    label: "/ingest",
    description: "Send conversations and documents; memories are extracted in the background.",
    example: ({ userId }) => ({ path: "/ingest", body: pretty(specIngest(userId ?? SPEC_USER_ID)) }),
  },
  {
    id: "ingestion",
    method: "GET",
    label: "/ingestions/{id}",
    description: "Follow the background processing of an ingestion.",
    example: ({ ingestionId }) => ({ path: `/ingestions/${ingestionId ?? "ing_…"}` }),
  },
  {
    id: "summary",
    method: "GET",
    label: "/summary",
    description: "The user's profile summary, for the system prompt.",
    example: ({ userId }) => ({
      path: `/summary?user_id=${encodeURIComponent(userId ?? SPEC_USER_ID)}&max_chars=${SPEC_SUMMARY_MAX_CHARS}`,
    }),
  },
  {
    id: "chunks",
    method: "POST",
    label: "/chunks",
    description: "Memories relevant to the current conversation, at every turn.",
    example: ({ userId }) => ({ path: "/chunks", body: pretty(specChunks(userId ?? SPEC_USER_ID)) }),
  },
  {
    id: "query",
    method: "POST",
    label: "/query",
    description: "Ask a natural-language question about the user.",
    example: ({ userId }) => ({ path: "/query", body: pretty(specQuery(userId ?? SPEC_USER_ID)) }),
  },
];

export { FIRST_TEST_QUESTION };
