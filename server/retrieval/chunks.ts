import { sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import type { EndUser, SearchSource } from "@/db/schema";
import { textArray, vectorParam } from "@/db/sql";
import { getEmbeddingProvider } from "@/server/ai/embeddings";
import type { ReadContext } from "@/server/service/context";
import { requireEndUser } from "@/server/users/find";
import { buildQuery, fuseScores, lexicalCoverage, type HistoryTurn } from "./query";
import type { ChunksInput } from "./schema";

export type ChunkSource = SearchSource;

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
  extra: { question_index?: number; question?: string; answer?: string } | null;
  weight: number | string;
  sim: number | string | null;
}

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
 * The full-text branch ranks at most about this many rows: the question's rarest lexemes are
 * searched while their summed document frequencies stay within it (see `search_terms`).
 */
export const LEXICAL_ROW_BUDGET = 400;

export interface SearchOptions {
  k: number;
  threshold: number;
  maxTurns?: number;
  exclude?: string[];
  /** Only these kinds (default: all). */
  sources?: SearchSource[];
  /** Superseded facts too (history, for questions about the past). Default: current only. */
  includeSuperseded?: boolean;
}

export interface SearchResult {
  chunks: Chunk[];
  usedQuery: string;
  candidates: number;
  embeddingMs: number;
  searchMs: number;
}

/**
 * Hybrid retrieval over one user's memories, document chunks and Stage 3 entries (all in
 * `search_index`): candidates from pgvector (cosine, HNSW) and from Postgres full-text search,
 * then one fused score, weighted per row (conversation windows slightly less). No LLM call.
 */
export async function searchUser(db: Database, user: EndUser, history: HistoryTurn[], opts: SearchOptions): Promise<SearchResult> {
  const embedder = getEmbeddingProvider();
  const query = await buildQuery(history, opts.maxTurns ?? 4, embedder);
  const t0 = performance.now();
  const n = Math.max(opts.k * 3, 24);
  const excluded = textArray(opts.exclude ?? []);
  const sources = textArray(opts.sources ?? ["memory", "document", "stage3"]);
  const statuses = textArray(opts.includeSuperseded ? ["current", "superseded"] : ["current"]);
  const model = embedder.model;
  // The user's own name is in nearly every memory: as a search term it only costs time.
  const nameTerms = new Set(String(user.traits.name ?? "").toLowerCase().split(/\s+/).filter(Boolean));
  const keywords = query.keywords.filter((w) => !nameTerms.has(w.toLowerCase())).join(" ");
  const result = await db.execute<Row>(sql`
    with q as (select ${vectorParam(query.vector)} as v, ${selectiveTsquery(user.id, keywords)} as t),
    cand as (
      (select id from search_index
        where end_user_id = ${user.id} and embedding_model = ${model} and id <> all(${excluded}) and source = any(${sources})
          and status = any(${statuses})
        order by embedding <=> (select v from q) limit ${n})
      union
      (select id from search_index
        where end_user_id = ${user.id} and lexical and tsv @@ (select t from q) and id <> all(${excluded}) and source = any(${sources})
          and status = any(${statuses})
        order by ts_rank(tsv, (select t from q)) desc limit ${n})
    )
    select s.id, s.source, s.text, s.source_ids, s.extra, s.weight, s.created_at, s.updated_at,
           case when s.embedding_model = ${model} then 1 - (s.embedding <=> q.v) end as sim
      from search_index s join cand using (id), q
  `);
  const searchMs = performance.now() - t0;

  const chunks: Chunk[] = result.rows
    .map((row) => {
      const similarity = row.sim === null ? 0 : Number(row.sim);
      return { row, score: fuseScores(similarity, lexicalCoverage(row.text, query.weights)) * Number(row.weight) };
    })
    .filter((s) => s.score >= opts.threshold)
    .sort((a, b) => b.score - a.score || a.row.id.localeCompare(b.row.id))
    .slice(0, opts.k)
    .map(({ row, score }) => ({
      id: row.id,
      text: row.text,
      score: round(score),
      source: row.source,
      created_at: iso(row.created_at),
      updated_at: iso(row.updated_at),
      source_ids: parseArray(row.source_ids),
      ...(row.source === "stage3"
        ? { question_index: Number(row.extra?.question_index), question: row.extra?.question ?? "", answer: row.extra?.answer ?? "" }
        : {}),
    }));
  return { chunks, usedQuery: query.usedQuery, candidates: result.rows.length, embeddingMs: query.embeddingMs, searchMs };
}

/**
 * SQL for the full-text query of `keywords`: their lexemes that occur in this user's rows,
 * rarest first, as long as their summed document frequencies stay within `budget`, OR-ed into
 * a tsquery. Null when none qualifies (the vector branch then carries the search). Evaluated
 * inside the search statement, so choosing the terms costs no extra round trip.
 */
export function selectiveTsquery(endUserId: string, keywords: string, budget = LEXICAL_ROW_BUDGET): SQL {
  return sql`(select string_agg(quoted, ' | ' order by reach, quoted)::tsquery from (
      select '''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || '''' as quoted,
             sum(df) over (order by df, lexeme) as reach
        from search_terms
       where end_user_id = ${endUserId} and lexeme = any(tsvector_to_array(to_tsvector('english', ${keywords})))
    ) terms where reach <= ${budget})`;
}

/** The tsquery `selectiveTsquery` makes, as text (for tests and debugging). */
export async function selectiveTerms(db: Database, endUserId: string, keywords: string, budget = LEXICAL_ROW_BUDGET): Promise<string | null> {
  const { rows } = await db.execute<{ t: string | null }>(sql`select ${selectiveTsquery(endUserId, keywords, budget)}::text as t`);
  return rows[0]?.t ?? null;
}

/** POST /chunks. */
export async function retrieveChunks({ db, scope }: ReadContext, input: ChunksInput) {
  const started = performance.now();
  const user = await requireEndUser(db, scope, input.user_id);
  const r = await searchUser(db, user, input.history, {
    k: input.k,
    threshold: input.similarity_threshold,
    maxTurns: input.max_context_turns,
    exclude: input.exclude_chunk_ids,
  });
  return {
    chunks: r.chunks,
    used_query: r.usedQuery,
    debug: {
      stage3_count: r.chunks.filter((c) => c.source === "stage3").length,
      memory_count: r.chunks.filter((c) => c.source === "memory").length,
      document_count: r.chunks.filter((c) => c.source === "document").length,
      total_candidates: r.candidates,
      threshold: input.similarity_threshold,
      embedding_time_ms: round(r.embeddingMs),
      search_time_ms: round(r.searchMs),
      total_time_ms: round(performance.now() - started),
    },
  };
}
