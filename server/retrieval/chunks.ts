import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { textArray, vectorParam } from "@/db/sql";
import { getEmbeddingProvider } from "@/server/ai/embeddings";
import { ApiError } from "@/server/http/errors";
import { findEndUser, type Scope } from "@/server/users/register";
import { buildQuery, fuseScores, lexicalCoverage } from "./query";
import type { ChunksInput } from "./schema";

export type ChunkSource = "memory" | "stage3" | "document";

export interface Chunk {
  id: string;
  text: string;
  score: number;
  source: ChunkSource;
  created_at: string;
  updated_at: string;
  source_ids: string[];
  question_index?: number;
  question?: string;
  answer?: string;
}

interface Row extends Record<string, unknown> {
  source: ChunkSource;
  id: string;
  text: string;
  source_ids: string[] | string;
  created_at: string | Date;
  updated_at: string | Date;
  question_index: number | null;
  question: string | null;
  answer: string | null;
  sim: number | string | null;
}

/**
 * Raw conversation windows rank a little below memories and documents with the same
 * evidence: a memory says the same thing in fewer words.
 */
const CONVERSATION_WEIGHT = 0.85;

const iso = (d: string | Date) => (d instanceof Date ? d : new Date(d)).toISOString();
const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** node-postgres returns text[] as an array; some drivers return the literal. */
function parseArray(v: string[] | string): string[] {
  if (Array.isArray(v)) return v;
  if (!v || v === "{}") return [];
  return v
    .slice(1, -1)
    .split(",")
    .map((s) => s.replace(/^"|"$/g, ""));
}

/**
 * Hybrid retrieval over one user's memories, document chunks and Stage 3 entries: candidates
 * from pgvector (cosine, HNSW) and from Postgres full-text search, then one fused score.
 * No LLM call on this path.
 */
export async function retrieveChunks(db: Database, scope: Scope, input: ChunksInput) {
  const started = performance.now();
  const user = await findEndUser(db, scope, input.user_id);
  if (!user) {
    throw new ApiError(404, "user_not_found", `No user with user_id \`${input.user_id}\` in this environment.`, { field: "user_id" });
  }
  const embedder = getEmbeddingProvider();
  const query = await buildQuery(input.history, input.max_context_turns, embedder);

  const t0 = performance.now();
  const n = Math.max(input.k * 3, 24);
  const v = vectorParam(query.vector);
  const tsq = query.keywords.join(" or ");
  const excluded = textArray(input.exclude_chunk_ids);
  const model = embedder.model;
  const candidates = (table: string) => sql`
    (select id from ${sql.raw(table)}
      where end_user_id = ${user.id} and embedding_model = ${model} and id <> all(${excluded})
      order by embedding <=> (select v from q) limit ${n})
    union
    (select id from ${sql.raw(table)}, q
      where end_user_id = ${user.id} and tsv @@ q.t and id <> all(${excluded})
      order by ts_rank_cd(tsv, q.t) desc limit ${n})`;
  const simOf = (alias: string) =>
    sql`case when ${sql.raw(alias)}.embedding_model = ${model} then 1 - (${sql.raw(alias)}.embedding <=> q.v) end`;
  const result = await db.execute<Row>(sql`
    with q as (select ${v} as v, websearch_to_tsquery('english', ${tsq}) as t)
    select 'memory' as source, m.id, m.text, m.source_ids, m.created_at, m.updated_at,
           null::int as question_index, null as question, null as answer, ${simOf("m")} as sim
      from memories m, q where m.id in (${candidates("memories")})
    union all
    select 'document', c.id, c.text, c.source_ids, c.created_at, c.updated_at, null, null, null, ${simOf("c")}
      from document_chunks c, q where c.id in (${candidates("document_chunks")})
    union all
    select 'stage3', s.id, s.text, s.source_ids, s.created_at, s.updated_at, s.question_index, s.question, s.answer, ${simOf("s")}
      from stage3_entries s, q where s.id in (${candidates("stage3_entries")})
  `);
  const searchMs = performance.now() - t0;

  const scored = result.rows.map((r) => {
    const similarity = r.sim === null ? 0 : Number(r.sim);
    const score = fuseScores(similarity, lexicalCoverage(r.text, query.weights));
    return { row: r, score: r.id.startsWith("cnv_") ? score * CONVERSATION_WEIGHT : score };
  });
  const chunks: Chunk[] = scored
    .filter((s) => s.score >= input.similarity_threshold)
    .sort((a, b) => b.score - a.score || a.row.id.localeCompare(b.row.id))
    .slice(0, input.k)
    .map(({ row, score }) => ({
      id: row.id,
      text: row.text,
      score: round(score),
      source: row.source,
      created_at: iso(row.created_at),
      updated_at: iso(row.updated_at),
      source_ids: parseArray(row.source_ids),
      ...(row.source === "stage3"
        ? { question_index: Number(row.question_index), question: row.question ?? "", answer: row.answer ?? "" }
        : {}),
    }));

  return {
    chunks,
    used_query: query.usedQuery,
    debug: {
      stage3_count: chunks.filter((c) => c.source === "stage3").length,
      memory_count: chunks.filter((c) => c.source === "memory").length,
      document_count: chunks.filter((c) => c.source === "document").length,
      total_candidates: result.rows.length,
      threshold: input.similarity_threshold,
      embedding_time_ms: round(query.embeddingMs),
      search_time_ms: round(searchMs),
      total_time_ms: round(performance.now() - started),
    },
  };
}
