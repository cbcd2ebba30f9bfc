import { sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import type { EndUser, SearchSource } from "@/db/schema";
import { textArray, vectorParam } from "@/db/sql";
import { getEmbeddingProvider } from "@/server/ai/embeddings";
import { redactText } from "@/server/privacy/redact";
import type { ReadContext } from "@/server/service/context";
import { requireEndUser } from "@/server/users/find";
import { stem, terms, tokenize } from "@/server/ai/text";
import { conceptsOfTerms } from "@/server/ai/concepts";
import { CONVERSATION_CHUNK_PREFIX } from "@/server/ingest/chunk-document";
import { selectDistinct } from "./diversify";
import { searchInMemory } from "./memory-index";
import { buildQuery, coverage, fuseScores, idfWeights, type HistoryTurn, type RetrievalQuery } from "./query";
import type { ChunksInput } from "./schema";
import type { FactStatus } from "@/server/memory/facts/taxonomy";

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

export interface Row extends Record<string, unknown> {
  source: ChunkSource;
  id: string;
  text: string;
  source_ids: string[] | string;
  created_at: string | Date;
  updated_at: string | Date;
  extra: { question_index?: number; question?: string; answer?: string } | null;
  weight: number | string;
  sim: number | string | null;
  dfs: Record<string, number> | string | null;
}

/** Between two chunks that say the same thing, the one shown (diversify.ts). */
const PRIMACY = { memory: 3, document: 2, stage3: 1, window: 0 } as const;

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
 * `search_index`): candidates from pgvector (cosine) and from Postgres full-text search, both
 * over this user's rows only (user-indexes.ts); one fused score, its words weighted by their
 * rarity among the user's rows (`idfWeights`) and each row by its kind (conversation windows
 * slightly less); then k distinct chunks by marginal relevance (diversify.ts). No LLM call.
 */
export async function searchUser(db: Database, user: EndUser, history: HistoryTurn[], opts: SearchOptions): Promise<SearchResult> {
  const { query, params, nameTerms } = await prepareSearch(user, history, opts);
  const t0 = performance.now();
  // The embedded database: the same rows from the user's rows in memory (memory-index.ts).
  const fromMemory = await searchInMemory(db, params, query.vector, LEXICAL_ROW_BUDGET);
  const rows = fromMemory?.rows ?? (await db.execute<Row>(searchStatement(params))).rows;
  const searchMs = performance.now() - t0;
  const chunks = rankCandidates(rows, query, nameTerms, opts, fromMemory?.index.analyses as Map<string, Analysis> | undefined);
  return { chunks, usedQuery: query.usedQuery, candidates: rows.length, embeddingMs: query.embeddingMs, searchMs };
}

/** The query (embedded) and the search statement's parameters for a user's turns. */
export async function prepareSearch(user: EndUser, history: HistoryTurn[], opts: SearchOptions) {
  const embedder = getEmbeddingProvider();
  // The user's own name is in nearly every memory: as a search term it only costs time, and in
  // the embedded query it draws the memories that say little else.
  const nameTerms = new Set(String(user.traits.name ?? "").toLowerCase().split(/\s+/).filter(Boolean));
  const query = await buildQuery(history, opts.maxTurns ?? 4, embedder, nameTerms);
  const keywords = query.keywords.filter((w) => !nameTerms.has(w.toLowerCase())).join(" ");
  const params: SearchParams = {
    endUserId: user.id,
    vector: query.vector,
    keywords,
    model: embedder.model,
    n: Math.max(opts.k * 3, 24),
    exclude: opts.exclude ?? [],
    sources: opts.sources,
    statuses: opts.includeSuperseded ? ["current", "superseded"] : ["current"],
  };
  return { query, params, nameTerms };
}

/** The search statement's candidate rows scored, then k distinct chunks chosen (no database work). */
export function rankCandidates(
  rows: Row[],
  query: RetrievalQuery,
  nameTerms: ReadonlySet<string>,
  opts: Pick<SearchOptions, "k" | "threshold">,
  analyses?: Map<string, Analysis>,
): Chunk[] {
  // The keywords' document frequencies come once, on one row.
  const first = rows.find((r) => r.dfs !== null && r.dfs !== undefined)?.dfs;
  const dfs = (typeof first === "string" ? JSON.parse(first) : first) as Record<string, number> | null | undefined;
  const weights = dfs ? idfWeights(query, dfs, new Set([...nameTerms].map(stem))) : query.weights;
  const analyze = textAnalyzer(analyses);
  const lineCoverage = coverageOfLines(weights);
  // In id order: candidates that tie are then chosen alike whatever order the rows came in
  // (the statement's order is undefined; memory-index.ts returns them in its own).
  const scored = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((row) => {
    const similarity = row.sim === null ? 0 : Number(row.sim);
    const sourceIds = parseArray(row.source_ids);
    const window = row.source === "document" && row.id.startsWith(`${CONVERSATION_CHUNK_PREFIX}_`);
    const weight = Number(row.weight);
    const lines = window ? row.text.split("\n") : undefined;
    // A window's terms are its lines' terms (the text is the lines joined by newlines).
    const lineMasks = lines?.map((line) => lineCoverage.mask(analyze(line).present));
    if (lines) analyze.joined(row.text, lines);
    const lexical = lineMasks ? lineCoverage.of(lineMasks) : coverage(analyze(row.text).present, weights);
    return {
      row,
      id: row.id,
      score: fuseScores(similarity, lexical) * weight,
      // A window's words count only in the lines that chunks above it do not already repeat.
      rescore: lineMasks
        ? (keep: number[], discount: number) => fuseScores(similarity * (1 - discount), lineCoverage.of(keep.map((j) => lineMasks[j]!))) * weight
        : undefined,
      content: row.source === "stage3" ? String(row.extra?.answer ?? row.text) : row.text,
      // Message-level evidence; a document chunk's source is its whole document.
      evidence: row.source === "document" && !window ? [] : sourceIds,
      sourceIds,
      primacy: PRIMACY[window ? "window" : row.source],
      lines,
    };
  });
  const ignoreTerms = new Set([...nameTerms, "assistant", "user"].flatMap((w) => terms(w)));
  // Every candidate goes in, under the threshold too: none is shown on its own score below it,
  // but a memory that a chosen Stage 3 answer repeats is shown in the answer's place.
  const chunks: Chunk[] = selectDistinct(scored, opts.k, { threshold: opts.threshold, ignoreTerms, terms: (text) => analyze(text).stems }).map(({ item: { row }, score, sourceIds }) => ({
    id: row.id,
    text: row.text,
    score: round(score),
    source: row.source,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    source_ids: sourceIds,
    ...(row.source === "stage3"
      ? { question_index: Number(row.extra?.question_index), question: row.extra?.question ?? "", answer: row.extra?.answer ?? "" }
      : {}),
  }));
  return chunks;
}

export type Analysis = { stems: string[]; present: Set<string> };

/**
 * Each distinct text's stems and present terms (`presentTerms`), worked out once per request
 * (or kept with the user's rows in memory, `memo`, for as long as they are):
 * conversation windows overlap (each line is in two of them), memories repeat lines, and
 * scoring and `selectDistinct` read the same texts.
 */
function textAnalyzer(memo = new Map<string, Analysis>()) {
  const analyze = (text: string): Analysis => {
    let a = memo.get(text);
    if (!a) {
      const tokens = tokenize(text);
      const stems = tokens.map(stem);
      const present = new Set(stems);
      for (const c of conceptsOfTerms(tokens, stems)) present.add(stem(c));
      a = { stems, present };
      memo.set(text, a);
    }
    return a;
  };
  /**
   * `text` is `lines` joined by newlines: its analysis is theirs concatenated (no word spans a
   * line break, and concepts come from single words), so a window is not read twice.
   */
  analyze.joined = (text: string, lines: readonly string[]): Analysis => {
    let a = memo.get(text);
    if (!a) {
      const parts = lines.map(analyze);
      a = { stems: parts.flatMap((x) => x.stems), present: new Set(parts.flatMap((x) => [...x.present])) };
      memo.set(text, a);
    }
    return a;
  };
  return analyze;
}

/**
 * `coverage` of a union of lines, from one bit mask per line (bit i: the query's i-th term is
 * in the line): a window is rescored for many subsets of its lines while chunks are chosen.
 * Sums in the weights' order, so it equals `coverage` of the lines' merged terms exactly.
 */
export function coverageOfLines(weights: Map<string, number>) {
  const entries = [...weights];
  if (entries.length > 31) {
    // More terms than bits: masks index a shared list of the lines' term sets instead.
    const sets: ReadonlySet<string>[] = [];
    return {
      mask: (present: ReadonlySet<string>) => sets.push(present) - 1,
      of: (masks: number[]) => coverage(new Set(masks.flatMap((m) => [...sets[m]!])), weights),
    };
  }
  let total = 0;
  for (const [, w] of entries) total += w;
  return {
    mask(present: ReadonlySet<string>) {
      let m = 0;
      entries.forEach(([term], i) => {
        if (present.has(term)) m |= 1 << i;
      });
      return m;
    },
    of(masks: number[]) {
      let m = 0;
      for (const x of masks) m |= x;
      if (!(total > 0)) return 0;
      let hit = 0;
      entries.forEach(([, w], i) => {
        if (m & (1 << i)) hit += w;
      });
      return hit / total;
    },
  };
}

export interface SearchParams {
  endUserId: string;
  vector: number[];
  /** Words for the full-text branch (its selective lexemes are chosen in SQL). */
  keywords: string;
  /** Only vectors of this embedding model are compared. */
  model: string;
  /** Candidates per branch. */
  n: number;
  exclude?: string[];
  sources?: SearchSource[];
  /** Memory statuses searched (default: current only; superseded facts are history). */
  statuses?: FactStatus[];
}

/** The vector branch: the user's `n` nearest rows (exact, or through the user's own HNSW index). */
export function vectorBranch(p: SearchParams, v: SQL): SQL {
  return sql`select id from search_index
        where end_user_id = ${p.endUserId} and embedding_model = ${p.model}${rowFilters(p)}
        order by embedding <=> ${v} limit ${p.n}`;
}

/** The full-text branch: the user's `n` best-ranked rows for the tsquery `t`. */
export function textBranch(p: SearchParams, t: SQL): SQL {
  return sql`select id from search_index
        where end_user_id = ${p.endUserId} and lexical and tsv @@ ${t}${rowFilters(p)}
        order by ts_rank(tsv, ${t}) desc limit ${p.n}`;
}

const ALL_SOURCES: readonly SearchSource[] = ["memory", "document", "stage3"];

/**
 * Both branches' conditions on the rows' kind, status and excluded ids, each only when it
 * narrows anything: an array parameter costs an init plan to build and a comparison per row,
 * and /chunks' usual search (every kind, current facts, nothing excluded) needs none of them.
 */
function rowFilters(p: SearchParams): SQL {
  const parts: SQL[] = [];
  const statuses = p.statuses ?? ["current"];
  parts.push(statuses.length === 1 ? sql` and status = ${statuses[0]}` : sql` and status = any(${textArray(statuses)})`);
  if (p.sources && !ALL_SOURCES.every((s) => p.sources!.includes(s))) parts.push(sql` and source = any(${textArray(p.sources)})`);
  if (p.exclude?.length) parts.push(sql` and id <> all(${textArray(p.exclude)})`);
  return sql.join(parts);
}

/**
 * One statement, one round trip: the union of both branches' candidates with what scoring
 * needs. Both branches filter on `end_user_id = $1`, so they read only this user's rows: by
 * exact scoring, or through the user's own partial indexes once they exist (user-indexes.ts).
 */
export function searchStatement(p: SearchParams): SQL {
  return sql`
    with q as (select ${vectorParam(p.vector)} as v, ${selectiveTsquery(p.endUserId, p.keywords)} as t, ${keywordFrequencies(p.endUserId, p.keywords)} as dfs),
    cand as (
      (${vectorBranch(p, sql`(select v from q)`)})
      union
      (${textBranch(p, sql`(select t from q)`)})
    )
    select s.id, s.source, s.text, s.source_ids, s.extra, s.weight, s.created_at, s.updated_at,
           case when s.embedding_model = ${p.model} then 1 - (s.embedding <=> q.v) end as sim,
           case when row_number() over () = 1 then q.dfs end as dfs
      from search_index s join cand using (id), q
  `;
}

/**
 * SQL: how many of the user's `lexical` rows contain each keyword (by its Postgres lexeme), as
 * `{ word: df }`, plus the number of those rows under "" (search_terms keeps both).
 */
export function keywordFrequencies(endUserId: string, keywords: string): SQL {
  // One primary-key lookup per word (a join let the planner scan all of a big user's terms).
  return sql`(select jsonb_object_agg(w.word, coalesce((select st.df from search_terms st where st.end_user_id = ${endUserId} and st.lexeme = w.lexeme), 0))
      from (select word, case when word = '' then '' else (tsvector_to_array(to_tsvector('english', word)))[1] end as lexeme
              from (select distinct word from regexp_split_to_table(${keywords}, '[[:space:]]+') word where word <> ''
                    union select '') words) w)`;
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
  // The turns searched with are sent to the embedding provider: redacted first (privacy.md).
  const history = input.history.slice(-input.max_context_turns).map((t) => ({ ...t, content: redactText(t.content).text }));
  const r = await searchUser(db, user, history, {
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
