import { conceptsOfTerms } from "@/server/ai/concepts";
import { conceptsOf } from "@/server/ai/embeddings";
import { stem, tokenize } from "@/server/ai/text";
import type { EmbeddingProvider } from "@/server/ai/types";
import { escapeRegExp } from "@/server/lib/regexp";

export interface HistoryTurn {
  role: "user" | "assistant" | "system" | "tool";
  content: string;
}

export interface RetrievalQuery {
  vector: number[];
  /** Stem → weight in (0, 1]: how much each query term matters (latest user turn = 1). */
  weights: Map<string, number>;
  /** Surface words for full-text search, most important first. */
  keywords: string[];
  /** The stem of each keyword, and whether it is a concept expansion ("food" for "sushi"). */
  keywordStems: Map<string, { stem: string; concept: boolean }>;
  usedQuery: string;
  embeddingMs: number;
}

const ROLE_FACTOR: Record<HistoryTurn["role"], number> = { user: 1, assistant: 0.6, tool: 0.4, system: 0.35 };
const MAX_KEYWORDS = 16;

/** How much each of the last turns counts: the latest user turn most, older turns less. */
export function turnWeights(turns: HistoryTurn[]): number[] {
  const lastUser = turns.map((t) => t.role).lastIndexOf("user");
  return turns.map((t, i) => {
    if (i === lastUser) return 1;
    const distance = Math.abs((lastUser >= 0 ? lastUser : turns.length - 1) - i);
    return Math.max(0.1, ROLE_FACTOR[t.role] * Math.pow(0.7, distance));
  });
}

/**
 * Turns recent conversation into one query: a weighted mix of the turns' embeddings, and
 * weighted keywords (with concept expansions such as "hungry" → "food") for full-text search.
 */
export async function buildQuery(
  history: HistoryTurn[],
  maxTurns: number,
  embedder: EmbeddingProvider,
  /** Words left out of the embedded text (the user's own name: in nearly every memory, it would
   * make "What medications does Ruth take?" closest to the shortest memory that names her). */
  ignore: ReadonlySet<string> = new Set(),
): Promise<RetrievalQuery> {
  const turns = history.slice(-maxTurns).filter((t) => t.content.trim());
  const weights = turnWeights(turns);

  const t0 = performance.now();
  const vectors = await embedder.embed(turns.map((t) => withoutWords(t.content, ignore)));
  const vector = new Array<number>(embedder.dimensions).fill(0);
  vectors.forEach((v, i) => v.forEach((x, d) => (vector[d]! += x * weights[i]!)));
  const norm = Math.hypot(...vector) || 1;
  for (let d = 0; d < vector.length; d++) vector[d]! /= norm;
  const embeddingMs = performance.now() - t0;

  const termWeights = new Map<string, number>();
  const surface = new Map<string, { word: string; weight: number; order: number; concept: boolean }>();
  let order = 0;
  const add = (word: string, weight: number, concept = false) => {
    const s = stem(word);
    if (!s || s.length < 2) return;
    if ((termWeights.get(s) ?? 0) < weight) termWeights.set(s, weight);
    const seen = surface.get(s);
    if (!seen || seen.weight < weight) surface.set(s, { word, weight, order: seen?.order ?? order++, concept: seen ? seen.concept && concept : concept });
  };
  // Latest user turn first, so its words lead `used_query`.
  const byImportance = turns.map((t, i) => ({ t, w: weights[i]! })).sort((a, b) => b.w - a.w);
  for (const { t, w } of byImportance) {
    for (const word of tokenize(t.content)) add(word, w);
    for (const concept of conceptsOf(t.content)) add(concept, w * 0.5, true);
  }
  const top = [...surface.values()].sort((a, b) => b.weight - a.weight || a.order - b.order).slice(0, MAX_KEYWORDS);
  const keywords = top.map((s) => s.word);
  const keywordStems = new Map(top.map((s) => [s.word, { stem: stem(s.word), concept: s.concept }]));
  const kept = new Set(keywords.map(stem));
  for (const s of [...termWeights.keys()]) if (!kept.has(s)) termWeights.delete(s);
  return { vector, weights: termWeights, keywords, keywordStems, usedQuery: keywords.join(" "), embeddingMs };
}

/** `text` without the given words (and their possessives); the text itself when nothing else is left. */
export function withoutWords(text: string, words: ReadonlySet<string>): string {
  if (!words.size) return text;
  const alternatives = [...words].filter((w) => /^[\p{L}\p{N}'’.-]+$/u.test(w)).map(escapeRegExp);
  if (!alternatives.length) return text;
  const out = text.replace(new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})(?:['’]s)?(?![\\p{L}\\p{N}])`, "giu"), " ").replace(/\s+/g, " ").trim();
  return /[\p{L}\p{N}]/u.test(out) ? out : text;
}

/**
 * The query's term weights scaled by how rare each word is among this user's rows (BM25's
 * idf): a word most of the user's memories contain ("restaurant" for someone who talks about
 * food) tells the chunks apart less than a rare one ("Thai"), so a chunk that matches only the
 * common words of a topic stops ranking first for every question on it. `dfs` maps each
 * keyword to its document frequency, and "" to the number of rows.
 *
 * The idf values are scaled so that the query's words found in the user's rows average 1: a
 * word the user never used weighs 1, as before (it tells no row apart, and must not shrink
 * every chunk's coverage). A concept expansion is generic by nature: it weighs as little as the
 * query's most common word.
 */
export function idfWeights(
  query: Pick<RetrievalQuery, "weights" | "keywordStems">,
  dfs: Record<string, number>,
  /** Stems to weigh as if every row had them (the user's own name). */
  everywhere: ReadonlySet<string> = new Set(),
): Map<string, number> {
  const n = Number(dfs[""] ?? 0);
  if (!(n > 0)) return query.weights;
  const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const found = new Map<string, number>();
  for (const [word, k] of query.keywordStems) {
    const df = Math.min(n, Number(dfs[word] ?? 0));
    if (k.concept || everywhere.has(k.stem) || df === 0) continue;
    found.set(k.stem, Math.max(found.get(k.stem) ?? 0, idf(df)));
  }
  if (!found.size) return query.weights;
  const values = [...found.values()];
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const weakest = Math.min(...values) / mean;
  const out = new Map<string, number>();
  for (const [s, w] of query.weights) {
    const factor = everywhere.has(s) ? idf(n) / mean : found.has(s) ? found.get(s)! / mean : query.keywordStems.size && isConcept(query, s) ? weakest : 1;
    out.set(s, w * factor);
  }
  return out;
}

function isConcept(query: Pick<RetrievalQuery, "keywordStems">, s: string): boolean {
  for (const k of query.keywordStems.values()) if (k.stem === s) return k.concept;
  return false;
}
/**
 * Weighted share of the query's terms that appear in `text`, in [0, 1]. A concept term of
 * the query ("food") counts as present when the text is about it ("sushi", "dinner").
 */
export function lexicalCoverage(text: string, weights: Map<string, number>): number {
  return coverage(presentTerms(text), weights);
}

/** The stems of `text`, plus the concepts it is about. */
export function presentTerms(text: string): Set<string> {
  const tokens = tokenize(text);
  const stems = tokens.map(stem);
  const present = new Set(stems);
  for (const c of conceptsOfTerms(tokens, stems)) present.add(stem(c));
  return present;
}

/** Weighted share of the query's terms among a text's `present` terms (see `presentTerms`). */
export function coverage(present: ReadonlySet<string>, weights: Map<string, number>): number {
  let total = 0;
  let hit = 0;
  for (const [s, w] of weights) {
    total += w;
    if (present.has(s)) hit += w;
  }
  return total > 0 ? hit / total : 0;
}

/**
 * One relevance score in [0, 1] from the two signals, each in [0, 1]: a probabilistic OR,
 * so strong evidence from either the vector or the words is enough, and both together more.
 */
export function fuseScores(similarity: number, lexical: number): number {
  const s = Math.min(1, Math.max(0, similarity));
  const l = Math.min(1, Math.max(0, lexical));
  return 1 - (1 - s) * (1 - l);
}
