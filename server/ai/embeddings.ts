import { openaiClient, type OpenAIClientOptions } from "./openai-client";
import { env } from "@/server/env";
import { CONCEPTS, conceptsOfTerms, forEachConcept } from "./concepts";
import { stem, tokenize } from "./text";
import { EMBEDDING_DIMENSIONS, type EmbeddingProvider } from "./types";

export { stem, terms, tokenize } from "./text";
export { CONCEPTS } from "./concepts";

/** Bump when the features change (the concept lexicon included): stored vectors are then re-embedded (inngest/recover.ts). */
export const OFFLINE_EMBEDDING_MODEL = "pio-hash-v9";

// ---------------------------------------------------------------------------------------
// Offline: feature hashing
// ---------------------------------------------------------------------------------------

const DIM = EMBEDDING_DIMENSIONS;
const W_STEM = 1.0;
const W_BIGRAM = 0.5;
/** Total weight of one token's character trigrams (split evenly among them). */
const W_TRIGRAMS = 0.4;
const W_CONCEPT = 0.6;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Feature-type tags mixed into the hash first, so a stem and a trigram never share a slot by design. */
const T_STEM = 1;
const T_BIGRAM = 2;
const T_TRIGRAM = 3;
const T_CONCEPT = 4;
const BOUNDARY = 0x23; // '#'

function fnvStep(h: number, c: number): number {
  return Math.imul(h ^ c, FNV_PRIME);
}

function fnvString(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** The second hash (murmur3 finalizer of the first, salted): its low bit is the feature's sign. */
function signOf(h: number): number {
  let x = (h ^ 0x9e3779b9) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  x ^= x >>> 16;
  return x & 1 ? -1 : 1;
}

function add(v: Float64Array, h: number, w: number): void {
  const u = h >>> 0;
  v[u % DIM]! += signOf(u) * w;
}

/** A fixed unit vector for texts with no features (empty, punctuation or stopwords only). */
const EMPTY_VECTOR: readonly number[] = Object.freeze(
  Array.from({ length: DIM }, (_, i) => ((i * 7919) % 3 === 0 ? 1 : -1) / Math.sqrt(DIM)),
);

const CONCEPT_HASHES = CONCEPTS.map((c) => fnvString(fnvStep(FNV_OFFSET, T_CONCEPT), c));

/** The offline embedding of one text: deterministic, unit length, never NaN. */
export function embedOffline(text: string): number[] {
  const raw = tokenize(text);
  const v = new Float64Array(DIM);
  if (raw.length > 0) {
    const stems = new Array<string>(raw.length);
    const tf = new Map<string, number>();
    for (let i = 0; i < raw.length; i++) {
      const s = stem(raw[i]!);
      stems[i] = s;
      tf.set(s, (tf.get(s) ?? 0) + 1);
    }
    // Stems, sublinear tf.
    const hStem = fnvStep(FNV_OFFSET, T_STEM);
    for (const [s, n] of tf) add(v, fnvString(hStem, s), W_STEM * (1 + Math.log(n)));
    // Consecutive stem bigrams.
    const hBi = fnvStep(FNV_OFFSET, T_BIGRAM);
    for (let i = 1; i < stems.length; i++) {
      add(v, fnvString(fnvStep(fnvString(hBi, stems[i - 1]!), 0x20), stems[i]!), W_BIGRAM);
    }
    // Character trigrams of each stem, with boundary markers ("#da", "dan", "anc", "nc#").
    const hTri = fnvStep(FNV_OFFSET, T_TRIGRAM);
    for (let t = 0; t < stems.length; t++) {
      const s = stems[t]!;
      const n = s.length;
      const grams = n; // (n + 2) padded characters → n trigrams
      const w = W_TRIGRAMS / grams;
      for (let i = -1; i < n - 1; i++) {
        const a = i < 0 ? BOUNDARY : s.charCodeAt(i);
        const b = s.charCodeAt(i + 1);
        const c = i + 2 < n ? s.charCodeAt(i + 2) : BOUNDARY;
        add(v, fnvStep(fnvStep(fnvStep(hTri, a), b), c), w);
      }
    }
    // Concepts (each fired concept once).
    let fired = 0; // bit set: CONCEPTS.length ≤ 31
    for (let i = 0; i < stems.length; i++) {
      forEachConcept(stems[i]!, raw[i]!, (c) => {
        fired |= 1 << c;
      });
    }
    for (let c = 0; fired !== 0 && c < CONCEPT_HASHES.length; c++) {
      if (fired & (1 << c)) add(v, CONCEPT_HASHES[c]!, W_CONCEPT);
    }
  }
  let norm = 0;
  for (let i = 0; i < DIM; i++) norm += v[i]! * v[i]!;
  if (!(norm > 0)) return EMPTY_VECTOR.slice();
  const inv = 1 / Math.sqrt(norm);
  const out = new Array<number>(DIM);
  for (let i = 0; i < DIM; i++) out[i] = v[i]! * inv;
  return out;
}

if (CONCEPTS.length > 31) throw new Error("concept bit set overflow: more than 31 concepts");

/** Names of the lexicon concepts a text mentions ("I'm hungry" → ["food"]). */
export function conceptsOf(text: string): string[] {
  const raw = tokenize(text);
  return conceptsOfTerms(raw, raw.map(stem));
}

/** Offline, deterministic embeddings: feature hashing of stems, bigrams, trigrams and concepts. */
export function createOfflineEmbeddings(): EmbeddingProvider {
  return {
    model: OFFLINE_EMBEDDING_MODEL,
    dimensions: DIM,
    async embed(texts: string[]): Promise<number[][]> {
      return texts.map(embedOffline);
    },
  };
}

// ---------------------------------------------------------------------------------------
// OpenAI (or any OpenAI-compatible server)
// ---------------------------------------------------------------------------------------

export const OPENAI_EMBEDDING_BATCH = 256;

export function l2normalize(vector: number[]): number[] {
  let norm = 0;
  for (const x of vector) norm += x * x;
  if (!(norm > 0) || !Number.isFinite(norm)) {
    throw new Error("embedding vector has zero length or non-finite values");
  }
  const inv = 1 / Math.sqrt(norm);
  return vector.map((x) => x * inv);
}

export type OpenAIEmbeddingsOptions = OpenAIClientOptions;

export function createOpenAIEmbeddings(opts: OpenAIEmbeddingsOptions): EmbeddingProvider {
  const client = openaiClient(opts);
  const model = opts.model;
  return {
    model: `openai:${model}`,
    dimensions: DIM,
    async embed(texts: string[]): Promise<number[][]> {
      const out: number[][] = [];
      for (let start = 0; start < texts.length; start += OPENAI_EMBEDDING_BATCH) {
        // The API rejects empty strings: send a single space instead (its vector is as
        // meaningless as the text, but the batch stays aligned).
        const input = texts.slice(start, start + OPENAI_EMBEDDING_BATCH).map((t) => (t.trim() === "" ? " " : t));
        const res = await client.embeddings.create({
          model,
          input,
          dimensions: DIM,
          encoding_format: "float",
        });
        const data = [...(res.data ?? [])].sort((a, b) => a.index - b.index);
        if (data.length !== input.length) {
          throw new Error(
            `embedding model "${model}" returned ${data.length} vectors for ${input.length} inputs`,
          );
        }
        for (const item of data) {
          const vec = item.embedding as unknown;
          if (!Array.isArray(vec) || vec.length !== DIM) {
            const got = Array.isArray(vec) ? `${vec.length} dimensions` : `a ${typeof vec}`;
            throw new Error(
              `embedding model "${model}" returned ${got}, Pio needs ${DIM}: ` +
                `use a model that supports the "dimensions" parameter (e.g. text-embedding-3-small) or set EMBEDDING_MODEL`,
            );
          }
          out.push(l2normalize(vec as number[]));
        }
      }
      return out;
    },
  };
}

// ---------------------------------------------------------------------------------------
// Process-wide provider
// ---------------------------------------------------------------------------------------

let provider: EmbeddingProvider | undefined;

/** Offline unless OPENAI_API_KEY is set; created once per process (see resetAiProviders). */
export function getEmbeddingProvider(): EmbeddingProvider {
  if (!provider) {
    const e = env();
    provider = e.OPENAI_API_KEY
      ? createOpenAIEmbeddings({ apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.EMBEDDING_MODEL })
      : createOfflineEmbeddings();
  }
  return provider;
}

/** @internal: used by resetAiProviders(). */
export function resetEmbeddingProvider(): void {
  provider = undefined;
}

/** Cosine similarity of two vectors of equal length (0 when either is zero). */
export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
