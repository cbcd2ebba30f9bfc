import { conceptsOfTerms } from "@/server/ai/concepts";
import { conceptsOf } from "@/server/ai/embeddings";
import { stem, tokenize } from "@/server/ai/text";
import type { EmbeddingProvider } from "@/server/ai/types";

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
export async function buildQuery(history: HistoryTurn[], maxTurns: number, embedder: EmbeddingProvider): Promise<RetrievalQuery> {
  const turns = history.slice(-maxTurns).filter((t) => t.content.trim());
  const weights = turnWeights(turns);

  const t0 = performance.now();
  const vectors = await embedder.embed(turns.map((t) => t.content));
  const vector = new Array<number>(embedder.dimensions).fill(0);
  vectors.forEach((v, i) => v.forEach((x, d) => (vector[d]! += x * weights[i]!)));
  const norm = Math.hypot(...vector) || 1;
  for (let d = 0; d < vector.length; d++) vector[d]! /= norm;
  const embeddingMs = performance.now() - t0;

  const termWeights = new Map<string, number>();
  const surface = new Map<string, { word: string; weight: number; order: number }>();
  let order = 0;
  const add = (word: string, weight: number) => {
    const s = stem(word);
    if (!s || s.length < 2) return;
    if ((termWeights.get(s) ?? 0) < weight) termWeights.set(s, weight);
    const seen = surface.get(s);
    if (!seen || seen.weight < weight) surface.set(s, { word, weight, order: seen?.order ?? order++ });
  };
  // Latest user turn first, so its words lead `used_query`.
  const byImportance = turns.map((t, i) => ({ t, w: weights[i]! })).sort((a, b) => b.w - a.w);
  for (const { t, w } of byImportance) {
    for (const word of tokenize(t.content)) add(word, w);
    for (const concept of conceptsOf(t.content)) add(concept, w * 0.5);
  }
  const keywords = [...surface.values()]
    .sort((a, b) => b.weight - a.weight || a.order - b.order)
    .slice(0, MAX_KEYWORDS)
    .map((s) => s.word);
  const kept = new Set(keywords.map(stem));
  for (const s of [...termWeights.keys()]) if (!kept.has(s)) termWeights.delete(s);
  return { vector, weights: termWeights, keywords, usedQuery: keywords.join(" "), embeddingMs };
}

/**
 * Weighted share of the query's terms that appear in `text`, in [0, 1]. A concept term of
 * the query ("food") counts as present when the text is about it ("sushi", "dinner").
 */
export function lexicalCoverage(text: string, weights: Map<string, number>): number {
  let total = 0;
  for (const w of weights.values()) total += w;
  if (total === 0) return 0;
  const tokens = tokenize(text);
  const stems = tokens.map(stem);
  const present = new Set(stems);
  for (const c of conceptsOfTerms(tokens, stems)) present.add(stem(c));
  let hit = 0;
  for (const [s, w] of weights) if (present.has(s)) hit += w;
  return hit / total;
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
