import os from "node:os";
import { sql } from "drizzle-orm";
import { chooseDriver, getDb, onDatabaseNotification, type Database } from "@/db/client";
import { textArray } from "@/db/sql";
import type { SearchSource } from "@/db/schema";
import { env } from "@/server/env";
import type { Row, SearchParams } from "./chunks";
import { dotKernel, type DotKernel } from "./dot-kernel";

/**
 * Per-user search in the app's memory, on the embedded database.
 *
 * On PGlite, SQL runs on one thread of this process: the search statement was most of what a
 * /chunks request cost (docs/BENCHMARKS.md, "Tenants"). So each user's `search_index` rows
 * are kept here, and /chunks answers from them with what the statement computes — the same
 * candidates, similarities and word frequencies (`searchIndexRows`) — without a statement.
 *
 * - Fresh at once: a trigger (migration 0021) sends the ids of the users whose rows a
 *   statement changed; the notification reaches this process before the reply to the
 *   transaction's COMMIT (db/client.ts), so a change is never followed by a search of the
 *   old rows. The user's rows are dropped then, and read again in the background once their
 *   writes pause (`WARM_DELAY_MS`); until then their searches run the statement.
 * - Every user whose rows change is loaded so (not only users already searched): a user's
 *   first search after their conversation was ingested is then as fast as the next.
 * - Bounded: at most SEARCH_MEMORY_MB (default: a quarter of the machine's memory, at most
 *   4 GB; ~3.9 KB per row with 384-dimension vectors); past it, the users searched least recently are dropped and searched with the
 *   statement again until their next change. 0 turns this off.
 * - A server Postgres runs the statement outside this process, and several instances would
 *   each need the notifications: there every search runs the statement.
 */

export const SEARCH_CHANGE_CHANNEL = "pio_search_index";
/** A user's rows are read again this long after their last change (ingestion writes in bursts). */
const WARM_DELAY_MS = 2000;

interface Entry {
  /** The row as the search statement returns it (without `sim` and `dfs`). */
  row: Row;
  status: string;
  lexical: boolean;
  model: string | null;
}

export interface UserIndex {
  entries: Entry[];
  /** The vectors' dimensions (0: no row has one). */
  dim: number;
  /**
   * The vectors by dimension, and the function that scores them (dot-kernel.ts): a search reads
   * only the dimensions where the query is not zero, each as one run of memory.
   */
  kernel: DotKernel;
  /** Each row's vector length; NaN for a row without a vector. */
  norms: Float64Array;
  /**
   * Lexeme → the entries (indexes, ascending) whose tsvector has it, and how many positions it
   * has in each (ts_rank reads that); lexical rows only.
   */
  postings: Map<string, { rows: number[]; positions: number[] }>;
  /** search_terms, computed: lexeme → how many lexical rows have it. */
  df: Map<string, number>;
  lexicalRows: number;
  bytes: number;
  /** What scoring worked out about texts of these rows (chunks.ts), kept while the rows are. */
  analyses: Map<string, unknown>;
}

export interface LoadedRow extends Row {
  status: string;
  lexical: boolean;
  embedding_model: string | null;
  vec: Buffer | null;
  tsv: string | null;
}

/** The user's rows, with their vectors (pgvector's binary format) and tsvectors (as text). */
function loadStatement(endUserId: string) {
  return sql`select id, source, text, source_ids, extra, weight, created_at, updated_at, status, lexical, embedding_model,
      vector_send(embedding) as vec, tsv::text as tsv
    from search_index where end_user_id = ${endUserId} order by ctid`;
}

/**
 * A tsvector's text form (`'lexeme':1,5B 'it''s':3`) → each lexeme's number of positions
 * (1 for a lexeme stored without positions, as ts_rank counts it). Quotes and backslashes in
 * a lexeme are doubled.
 */
export function parseTsvector(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && text[i] === " ") i++;
    if (i >= n) break;
    if (text[i] !== "'") throw new Error(`unexpected tsvector text at ${i}`);
    i++;
    let lexeme = "";
    for (;;) {
      const c = text[i];
      if (c === undefined) throw new Error("unterminated lexeme in tsvector text");
      if ((c === "'" || c === "\\") && text[i + 1] === c) {
        lexeme += c;
        i += 2;
      } else if (c === "'") {
        i++;
        break;
      } else {
        lexeme += c;
        i++;
      }
    }
    let positions = 1;
    if (text[i] === ":") {
      i++;
      positions = 1;
      while (i < n && text[i] !== " ") if (text[i++] === ",") positions++;
    }
    out.set(lexeme, positions);
  }
  return out;
}

export function buildIndex(rows: LoadedRow[]): UserIndex {
  const n = rows.length;
  const dim = rows.find((r) => r.vec)?.vec!.readInt16BE(0) ?? 0;
  const kernel = dotKernel(dim, n);
  const { columns, stride } = kernel;
  const norms = new Float64Array(n).fill(Number.NaN);
  const entries: Entry[] = [];
  const postings = new Map<string, { rows: number[]; positions: number[] }>();
  const df = new Map<string, number>();
  let lexicalRows = 0;
  let bytes = kernel.bytes + norms.byteLength;
  rows.forEach((r, i) => {
    if (r.vec && r.vec.readInt16BE(0) === dim) {
      let norm = 0;
      for (let d = 0; d < dim; d++) {
        const x = r.vec.readFloatBE(4 + 4 * d);
        columns[d * stride + i] = x;
        norm += x * x;
      }
      norms[i] = Math.sqrt(norm);
    }
    const lexemes = r.lexical ? parseTsvector(r.tsv ?? "") : null;
    if (lexemes) {
      lexicalRows++;
      for (const [l, positions] of lexemes) {
        df.set(l, (df.get(l) ?? 0) + 1);
        let list = postings.get(l);
        if (!list) postings.set(l, (list = { rows: [], positions: [] }));
        list.rows.push(i);
        list.positions.push(positions);
      }
    }
    const { status, lexical, embedding_model, vec: _vec, tsv: _tsv, ...row } = r;
    entries.push({ row: { ...row, sim: null, dfs: null }, status, lexical, model: embedding_model });
    // The row's strings and objects, and what scoring keeps of its text (an estimate: measured
    // ~3.9 KB per row in all, vectors included, on a 20,000-row user).
    bytes += 1200 + 2 * r.text.length + 60 * (lexemes?.size ?? 0) + (r.extra ? 2 * JSON.stringify(r.extra).length : 0);
  });
  return { entries, dim, kernel, norms, postings, df, lexicalRows, bytes, analyses: new Map() };
}

/**
 * A query with more non-zero dimensions than this share of them is dense (a model's
 * embedding; the offline embedding of a question is sparse): scoring a user past
 * SEARCH_USER_INDEX_MIN_ROWS rows with it would cost more than the statement on the user's own
 * HNSW index, so such searches run the statement.
 */
const DENSE_SHARE = 0.25;

/** True when `searchIndexRows` would score this query against this user's rows cheaply. */
export function cheapToScore(index: UserIndex, vector: readonly number[]): boolean {
  if (index.entries.length < env().SEARCH_USER_INDEX_MIN_ROWS) return true;
  let nonzero = 0;
  for (const x of vector) if (x !== 0) nonzero++;
  return nonzero <= DENSE_SHARE * vector.length;
}

/** ts_rank's weight of a lexeme with `n` positions (weight D; the constant factors dropped). */
function positionsWeight(n: number): number {
  let s = 0;
  for (let j = 1; j <= n; j++) s += 1 / (j * j);
  return s;
}

/** The `n` smallest keys offered (ties: the smaller index), without sorting them all. */
class TopN {
  private readonly keys: number[] = [];
  private readonly ids: number[] = [];
  constructor(private readonly n: number) {}
  offer(id: number, key: number): void {
    const { keys, ids, n } = this;
    if (n <= 0) return;
    if (keys.length === n && !(key < keys[n - 1]! || (key === keys[n - 1]! && id < ids[n - 1]!))) return;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid]! < key || (keys[mid]! === key && ids[mid]! < id)) lo = mid + 1;
      else hi = mid;
    }
    keys.splice(lo, 0, key);
    ids.splice(lo, 0, id);
    if (keys.length > n) {
      keys.pop();
      ids.pop();
    }
  }
  indexes(): number[] {
    return this.ids;
  }
  size(): number {
    return this.keys.length;
  }
  /** The largest key kept (Infinity while fewer than n). */
  worst(): number {
    return this.keys.length < this.n ? Infinity : this.keys[this.keys.length - 1]!;
  }
}

const EMPTY = new Float32Array(0);

/**
 * Each row's dot product with `vector` (the query as pgvector receives it: float4), summed in
 * single precision over the query's non-zero dimensions (dot-kernel.ts). The returned array is
 * the index's own, valid until its next search.
 */
function scoreRows(index: UserIndex, vector: readonly number[]): { dots: Float32Array; qn: number } {
  const dims: number[] = [];
  const xs: number[] = [];
  let qn = 0;
  for (let d = 0; d < index.dim; d++) {
    const x = Math.fround(vector[d]!);
    if (x === 0) continue;
    qn += x * x;
    dims.push(d);
    xs.push(x);
  }
  index.kernel.score(dims, xs);
  return { dots: index.kernel.dots, qn: Math.sqrt(qn) };
}

const ALL_SOURCES: readonly SearchSource[] = ["memory", "document", "stage3"];

/**
 * What `searchStatement` (chunks.ts) returns, from the user's rows in memory: the vector
 * branch's `n` nearest rows of the model (cosine), the full-text branch's `n` best-ranked rows
 * for the selective lexemes (the rarest first while their document frequencies sum to at most
 * `budget`, ranked as ts_rank ranks them), the union with each row's similarity, and the
 * keywords' document frequencies on the first row. `lexemesOf` gives each keyword's lexemes
 * (Postgres's `to_tsvector('english', word)`, in its order).
 */
export function searchIndexRows(index: UserIndex, p: SearchParams, vector: readonly number[], lexemesOf: (word: string) => string[], budget: number): Row[] {
  const statuses = new Set<string>(p.statuses ?? ["current"]);
  const sources = p.sources && !ALL_SOURCES.every((s) => p.sources!.includes(s)) ? new Set<string>(p.sources) : null;
  const exclude = p.exclude?.length ? new Set(p.exclude) : null;
  const passes = (e: Entry) => statuses.has(e.status) && (!sources || sources.has(e.row.source)) && (!exclude || !exclude.has(e.row.id));

  // The keywords' document frequencies (`keywordFrequencies`).
  const words = [...new Set(p.keywords.split(/\s+/).filter(Boolean))];
  const dfs: Record<string, number> = { "": index.lexicalRows };
  const lexemes = new Set<string>();
  for (const w of words) {
    const ls = lexemesOf(w);
    dfs[w] = ls.length ? (index.df.get(ls[0]!) ?? 0) : 0;
    for (const l of ls) lexemes.add(l);
  }

  // The selective lexemes (`selectiveTsquery`).
  const present = [...lexemes].filter((l) => index.df.has(l)).sort((a, b) => index.df.get(a)! - index.df.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
  const selected: string[] = [];
  let reach = 0;
  for (const l of present) {
    reach += index.df.get(l)!;
    if (reach > budget) break;
    selected.push(l);
  }

  // The full-text branch.
  const chosen = new Set<number>();
  if (selected.length) {
    const rank = new Map<number, number>();
    for (const l of selected) {
      const list = index.postings.get(l);
      if (!list) continue;
      list.rows.forEach((i, j) => {
        if (passes(index.entries[i]!)) rank.set(i, (rank.get(i) ?? 0) + positionsWeight(list.positions[j]!));
      });
    }
    const best = new TopN(p.n);
    for (const [i, r] of rank) best.offer(i, -r);
    for (const i of best.indexes()) chosen.add(i);
  }

  // The vector branch (exact): each row's dot product with the query over the dimensions where
  // the query is not zero (`scoreRows`).
  const dim = index.dim;
  const rows = index.entries.length;
  const scored = vector.length === dim;
  const { dots, qn } = scored ? scoreRows(index, vector) : { dots: EMPTY, qn: 0 };
  // pgvector's cosine distance: NaN when either vector is zero.
  const distance = (i: number): number => {
    const sim = dots[i]! / (qn * index.norms[i]!);
    return Number.isNaN(sim) ? Number.NaN : 1 - Math.max(-1, Math.min(1, sim));
  };
  const hasVector = (i: number) => scored && !Number.isNaN(index.norms[i]!);
  const nearest = new TopN(p.n);
  // Most rows cannot enter the n nearest: only those that might are checked against the filters
  // (a row's cosine similarity is at most 1, its distance at least 0; the bound is loose by a hair
  // so rounding never drops a row that ties).
  let full = false;
  let bound = -Infinity;
  const norms = index.norms;
  for (let i = 0; i < rows; i++) {
    const sim = dots[i]! / norms[i]!;
    if (!(sim >= bound)) continue;
    const d = distance(i);
    if (Number.isNaN(d)) continue;
    const e = index.entries[i]!;
    if (e.model !== p.model || !passes(e)) continue;
    nearest.offer(i, d);
    if ((full = nearest.size() === p.n)) bound = (1 - nearest.worst()) * qn - 1e-9 * Math.abs(qn);
  }
  if (!full) {
    // pgvector's order: NaN after every distance (a zero vector), a row without a vector (NULL) last.
    index.entries.forEach((e, i) => {
      if (e.model !== p.model || !passes(e) || !Number.isNaN(distance(i))) return;
      nearest.offer(i, hasVector(i) ? Number.MAX_VALUE : Infinity);
    });
  }
  for (const i of nearest.indexes()) chosen.add(i);

  const out: Row[] = [];
  for (const i of [...chosen].sort((a, b) => a - b)) {
    const e = index.entries[i]!;
    // NaN for a zero vector, as pgvector says.
    const sim = e.model === p.model && hasVector(i) ? 1 - distance(i) : null;
    out.push({ ...e.row, sim, dfs: out.length === 0 ? dfs : null });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// The process's users in memory
// ---------------------------------------------------------------------------------------

interface Slot {
  index?: UserIndex;
  /** Changes with every change of the user's rows: a load that spans one is not kept. */
  generation: number;
  lastUsed: number;
}

interface State {
  users: Map<string, Slot>;
  bytes: number;
  subscribed: boolean;
  /** Users to (re)load, with when. */
  due: Map<string, number>;
  timer?: NodeJS.Timeout;
  loading: boolean;
  /** Keyword → its lexemes (to_tsvector('english', word)): a fixed function of the word. */
  words: Map<string, string[]>;
}

const state: State = ((globalThis as unknown as { __pioSearchMemory?: State }).__pioSearchMemory ??= {
  users: new Map(),
  bytes: 0,
  subscribed: false,
  due: new Map(),
  loading: false,
  words: new Map(),
});

const MAX_WORDS = 200_000;

/** The memory budget in bytes (0: off). */
export function memoryBudget(): number {
  const mb = env().SEARCH_MEMORY_MB ?? Math.min(4096, Math.floor(TOTAL_MEMORY / 4 / 2 ** 20));
  return mb * 2 ** 20;
}
const TOTAL_MEMORY = os.totalmem();

export function searchMemoryEnabled(): boolean {
  return chooseDriver() === "pglite" && memoryBudget() > 0;
}

function slotOf(userId: string): Slot {
  let slot = state.users.get(userId);
  if (!slot) state.users.set(userId, (slot = { generation: 0, lastUsed: 0 }));
  return slot;
}

function drop(slot: Slot): void {
  if (slot.index) state.bytes -= slot.index.bytes;
  slot.index = undefined;
}

/** A change of `payload`'s rows (a user id, or "*" for every user). */
function changed(payload: string): void {
  if (!searchMemoryEnabled()) return;
  const ids = payload === "*" ? [...state.users.keys()] : [payload];
  for (const id of ids) {
    const slot = slotOf(id);
    slot.generation++;
    drop(slot);
    if (payload !== "*") schedule(id, WARM_DELAY_MS);
  }
}

/** Follows the changes of users' search rows (from start-up: instrumentation.ts; and on import). */
export function watchSearchChanges(): void {
  if (state.subscribed) return;
  state.subscribed = true;
  onDatabaseNotification(SEARCH_CHANGE_CHANNEL, changed);
}
const subscribe = watchSearchChanges;
subscribe();

function schedule(userId: string, delayMs: number): void {
  state.due.set(userId, Date.now() + delayMs);
  if (!state.timer && !state.loading) {
    state.timer = setTimeout(runDue, delayMs);
    state.timer.unref();
  }
}

/** Loads the users whose time has come, one at a time (a background task, never a request's). */
async function runDue(): Promise<void> {
  state.timer = undefined;
  state.loading = true;
  try {
    for (;;) {
      const now = Date.now();
      const next = [...state.due].find(([, at]) => at <= now)?.[0];
      if (next === undefined) break;
      state.due.delete(next);
      try {
        await load(await getDb(), next);
      } catch (e) {
        console.error("[pio] loading a user's search rows failed:", e instanceof Error ? e.message : e);
      }
    }
  } finally {
    state.loading = false;
    if (state.due.size) {
      const wait = Math.max(0, Math.min(...state.due.values()) - Date.now());
      state.timer = setTimeout(runDue, wait);
      state.timer.unref();
    }
  }
}

/** Reads the user's rows into memory (kept unless they changed meanwhile). */
export async function load(db: Database, userId: string): Promise<UserIndex | undefined> {
  if (!searchMemoryEnabled()) return undefined;
  subscribe();
  const slot = slotOf(userId);
  const generation = slot.generation;
  const { rows } = await db.execute<LoadedRow>(loadStatement(userId));
  if (slot.generation !== generation) return undefined;
  if (!rows.length) {
    // A user with no rows, or one that was deleted: nothing to keep.
    state.users.delete(userId);
    return undefined;
  }
  const index = buildIndex(rows);
  drop(slot);
  slot.index = index;
  slot.lastUsed = Date.now();
  state.bytes += index.bytes;
  evict(userId);
  return index;
}

/** The users searched least recently go while the budget is exceeded. */
function evict(keep: string): void {
  const budget = memoryBudget();
  if (state.bytes <= budget) return;
  const byAge = [...state.users].filter(([id, s]) => s.index && id !== keep).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
  for (const [, slot] of byAge) {
    if (state.bytes <= budget) break;
    drop(slot);
  }
}

/** The keywords' lexemes, read from the database only for words not seen before. */
async function lexemesOfWords(db: Database, words: string[]): Promise<(word: string) => string[]> {
  const unknown = [...new Set(words.filter((w) => w && !state.words.has(w)))];
  if (unknown.length) {
    const { rows } = await db.execute<{ w: string; l: string[] }>(
      sql`select w, tsvector_to_array(to_tsvector('english', w)) as l from unnest(${textArray(unknown)}) w`,
    );
    if (state.words.size + rows.length > MAX_WORDS) state.words.clear();
    for (const r of rows) state.words.set(r.w, r.l);
  }
  return (w) => state.words.get(w) ?? [];
}

/**
 * The search statement's rows from memory, or null when the user's rows are not in memory
 * (then they are loaded in the background, and this search runs the statement).
 */
export async function searchInMemory(db: Database, p: SearchParams, vector: readonly number[], budget: number): Promise<{ rows: Row[]; index: UserIndex } | null> {
  if (!searchMemoryEnabled()) return null;
  subscribe();
  const slot = slotOf(p.endUserId);
  const index = slot.index;
  if (!index) {
    if (!state.due.has(p.endUserId)) schedule(p.endUserId, 0);
    return null;
  }
  slot.lastUsed = Date.now();
  if (!cheapToScore(index, vector)) return null;
  const lexemesOf = await lexemesOfWords(db, p.keywords.split(/\s+/));
  return { rows: searchIndexRows(index, p, vector, lexemesOf, budget), index };
}

/** For tests and benchmarks: how much is in memory. */
export function searchMemoryStats(): { users: number; bytes: number; pending: number } {
  return { users: [...state.users.values()].filter((s) => s.index).length, bytes: state.bytes, pending: state.due.size };
}

/** For tests: waits until no load is due or running. */
export async function searchMemorySettled(timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((state.due.size || state.loading) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}
