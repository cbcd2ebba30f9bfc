import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import type { EndUser } from "@/db/schema";
import { vectorParam } from "@/db/sql";
import { getEmbeddingProvider, OFFLINE_EMBEDDING_MODEL } from "@/server/ai/embeddings";
import { getLlm, type LlmMessageParam, type LlmTool } from "@/server/ai/llm";
import { ApiError } from "@/server/http/errors";
import { requireEndUser, searchUser, type Chunk } from "@/server/retrieval/chunks";
import type { Scope } from "@/server/users/register";
import { redactForStorage } from "@/server/privacy/storage";
import { extractiveAnswer, findEvidence, nextQueryIndex, storeStage3Answers } from "./stage3";
import { normalizeTraits } from "./traits";

export const queryBody = z.object({
  user_id: z.string({ error: "is required" }).trim().min(1, "must not be empty").max(128),
  question: z
    .string({ error: "is required" })
    .refine((s) => s.trim().length > 0, "must not be empty")
    .refine((s) => s.length <= 2000, "must be at most 2000 characters"),
  use_cache: z.boolean({ error: "must be true or false" }).default(true),
});
export type QueryInput = z.infer<typeof queryBody>;

/**
 * How close a stored question must be to count as "the same question". Tuned per embedding
 * space: the offline hashing embeddings score paraphrases lower than a neural model does.
 */
export function cacheThreshold(model: string): number {
  return model === OFFLINE_EMBEDDING_MODEL ? 0.85 : 0.9;
}

export const QUERY_TIMEOUT_MS = 30_000;
const MAX_AGENT_TURNS = 6;
const UNKNOWN = "I don't know yet: nothing Pio has stored about this user answers that question.";

interface Cached {
  index: number;
  answer: string;
  sourceIds: string[];
  similarity: number;
}

/** The stored Stage 3 (or earlier /query) answer whose question means the same, if any. */
async function findCached(db: Database, user: EndUser, question: string): Promise<Cached | null> {
  const embedder = getEmbeddingProvider();
  const [v] = await embedder.embed([question]);
  const { rows } = await db.execute<{ question_index: number; answer: string; source_ids: string[]; sim: number }>(sql`
    select question_index, answer, source_ids, 1 - (question_embedding <=> ${vectorParam(v!)}) as sim
      from stage3_entries
     where end_user_id = ${user.id} and question_embedding_model = ${embedder.model}
     order by question_embedding <=> ${vectorParam(v!)} limit 1`);
  const best = rows[0];
  if (!best || Number(best.sim) < cacheThreshold(embedder.model)) return null;
  return { index: Number(best.question_index), answer: best.answer, sourceIds: best.source_ids, similarity: Number(best.sim) };
}

const AGENT_SYSTEM = `You answer questions about one user for an AI agent, using tools that search what is
stored about that user (memories from conversations, documents, the profile). Search before answering;
try a second search with other words when the first finds nothing. Use only what the tools return and
never invent facts. Answer concisely (1-6 sentences, a short list when the question asks for several
items). If the stored data does not answer the question, say plainly that you don't know.`;

const TOOLS: LlmTool[] = [
  {
    type: "function",
    function: {
      name: "search_memories",
      description: "Search facts remembered from the user's conversations.",
      parameters: { type: "object", properties: { query: { type: "string" } }, required: ["query"] },
    },
  },
  {
    type: "function",
    function: {
      name: "search_documents",
      description: "Search the user's documents (notes, emails, calendar events, conversation excerpts).",
      parameters: { type: "object", properties: { query: { type: "string" } }, required: ["query"] },
    },
  },
  {
    type: "function",
    function: {
      name: "read_profile",
      description: "Read the user's profile: name, timezone, locale, links, notes, purpose.",
      parameters: { type: "object", properties: {} },
    },
  },
];

/** A bounded tool-calling loop; returns the answer and the ids of what it read. */
async function agentAnswer(db: Database, user: EndUser, question: string, signal: AbortSignal): Promise<{ answer: string; sourceIds: string[]; found: boolean }> {
  const llm = getLlm()!;
  const messages: LlmMessageParam[] = [
    { role: "system", content: AGENT_SYSTEM },
    { role: "user", content: question },
  ];
  const sources = new Set<string>();
  let found = false;
  for (let turn = 0; turn < MAX_AGENT_TURNS; turn++) {
    if (signal.aborted) throw new ApiError(504, "query_timeout", "The question took too long to answer; try a narrower question.");
    const last = turn === MAX_AGENT_TURNS - 1;
    const msg = await llm.chat({ messages, tools: last ? undefined : TOOLS, temperature: 0 });
    const calls = (msg.tool_calls ?? []).flatMap((c) => (c.type === "function" ? [c] : []));
    if (!calls.length) return { answer: (msg.content ?? "").trim() || UNKNOWN, sourceIds: [...sources], found };
    messages.push({ role: "assistant", content: msg.content ?? null, tool_calls: calls } as LlmMessageParam);
    for (const call of calls) {
      let result: unknown;
      try {
        const args = JSON.parse(call.function.arguments || "{}") as { query?: string };
        if (call.function.name === "read_profile") {
          result = { ...normalizeTraits(user.traits), purpose: user.purpose };
        } else if (call.function.name === "search_memories" || call.function.name === "search_documents") {
          const chunks: Chunk[] = (
            await searchUser(db, user, [{ role: "user", content: String(args.query ?? question) }], {
              k: 8,
              threshold: 0.2,
              sources: call.function.name === "search_memories" ? ["memory"] : ["document"],
            })
          ).chunks;
          chunks.forEach((c) => c.source_ids.forEach((id) => sources.add(id)));
          if (chunks.length) found = true;
          result = chunks.map((c) => ({ text: c.text, source_ids: c.source_ids, date: c.created_at }));
        } else result = { error: `unknown tool ${call.function.name}` };
      } catch (e) {
        result = { error: (e as Error).message };
      }
      messages.push({ role: "tool", tool_call_id: call.id, content: JSON.stringify(result) } as LlmMessageParam);
    }
  }
  return { answer: UNKNOWN, sourceIds: [...sources], found };
}

/**
 * POST /query: cache-first (a stored answer to the same question), otherwise an agent run
 * (LLM with tools, or offline an extractive answer). New answers are stored as Stage 3
 * entries, so the next ask is cached.
 */
export async function answerQuery(db: Database, scope: Scope, input: QueryInput) {
  const user = await requireEndUser(db, scope, input.user_id);
  // Redacted before the embedder, the model or storage see it (docs/privacy.md).
  const question = await redactForStorage(input.question.trim());
  // Looked up once: a hit answers now; with use_cache false it names the entry a fresh run refreshes.
  const cached = await findCached(db, user, question);
  if (input.use_cache) {
    if (cached) return { user_id: user.userId, question: input.question, answer: cached.answer, cached: true, source_ids: cached.sourceIds };
  }

  let result: { answer: string; sourceIds: string[]; found: boolean };
  if (getLlm()) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), QUERY_TIMEOUT_MS);
    try {
      result = await Promise.race([
        agentAnswer(db, user, question, controller.signal),
        new Promise<never>((_, reject) =>
          controller.signal.addEventListener("abort", () =>
            reject(new ApiError(504, "query_timeout", "The question took too long to answer; try a narrower question.")),
          ),
        ),
      ]);
    } finally {
      clearTimeout(timer);
    }
  } else {
    const a = extractiveAnswer(await findEvidence(db, user, question));
    result = a ? { answer: a.answer, sourceIds: a.sourceIds, found: true } : { answer: UNKNOWN, sourceIds: [], found: false };
  }

  // Only answers grounded in stored data are kept; "don't know" is not cached.
  // A fresh run (use_cache: false) refreshes the entry of the same question instead of adding one.
  if (result.found && result.answer !== UNKNOWN) {
    const index = cached ? cached.index : await nextQueryIndex(db, user.id);
    await storeStage3Answers(db, user, [{ index, question, topic: "Asked by the agent", answer: result.answer, sourceIds: result.sourceIds }], 0, "query");
  }
  return { user_id: user.userId, question: input.question, answer: result.answer, cached: false, source_ids: result.sourceIds };
}
