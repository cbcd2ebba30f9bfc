import { terms } from "@/server/ai/text";

/**
 * k chunks should carry k different pieces of information. Retrieval finds the same fact
 * several times: as a memory, inside the overlapping conversation windows that contain the
 * message it came from, in the assistant's echo of it, and in Stage 3 answers built from it.
 * Ranked by relevance alone, those copies fill the top of the list and push other evidence out.
 *
 * `selectDistinct` picks greedily (maximal marginal relevance): each step takes the candidate
 * whose relevance, discounted by how much of it was already shown, is highest.
 * - What a chunk adds is measured twice: by its words (the share of its content terms no chosen
 *   chunk has shown yet) and by its evidence (the share of its source messages no chosen chunk
 *   cites). Its redundancy is the larger of the two overlaps, and costs `diversity × redundancy`
 *   of its score (DIVERSITY by default, see there).
 * - A conversation window is scored for what it adds: its lines that chosen chunks already
 *   repeat no longer count for its relevance (`rescore`), so the window around a memory comes
 *   back only when its other turns matter to the question.
 * - A copy (NEAR_DUPLICATE of its words in one chosen chunk) is not returned: that chunk cites
 *   its sources instead (for a window, the messages whose lines it repeats). When the two say
 *   the same thing both ways (a memory and the Stage 3 answer quoting it), the more primary one
 *   is shown: a memory, then a document, then a Stage 3 answer, then a raw conversation window.
 * - The score returned is the marginal one, so scores stay in decreasing order and the
 *   similarity threshold applies to what a chunk adds. Candidates under the threshold still
 *   collapse into the chunk they copy (and a more primary copy is shown in its place).
 * Every returned chunk therefore says something the chunks above it do not.
 */

/** Share of a chunk's words, held by one chosen chunk, at which it is a copy of it. */
export const NEAR_DUPLICATE = 0.8;
/** Share of each other's words at which two chunks say the same thing (either may be shown). */
const SAME = 0.95;
/** Chunks with fewer content terms than this are copies only when they also share evidence. */
const MIN_TERMS_ALONE = 3;
/**
 * How much partial redundancy costs by default: a chunk whose words and sources were all shown
 * keeps (1 - DIVERSITY) of its score. Off: measured on LoCoMo (bench/locomo.ts, both samples, with
 * the collapse of copies and the windows' fresh lines in place), a discount of 0.5 or 0.25 lowered
 * all@10 (conv-30 0.790 → 0.741 / 0.778) by pushing the second half of two-message evidence out
 * of the top 10, and 0 kept the highest all@10 (docs/BENCHMARKS.md). Copies still collapse, and a
 * window still counts only for its lines not shown yet.
 */
export const DIVERSITY = 0;

export interface DiversifyCandidate {
  id: string;
  score: number;
  /** What the chunk says (for Stage 3 entries: the answer, not the question). */
  content: string;
  /** Message-level evidence; empty when the chunk is its own evidence (a document chunk). */
  evidence: string[];
  sourceIds: string[];
  /** Which of two equal chunks to show: the higher. */
  primacy: number;
  /** For a conversation window: the text of each source message, in `sourceIds` order. */
  lines?: string[];
  /**
   * Relevance counting only the given lines (the ones chosen chunks do not repeat), with the
   * share `discount` taken off its similarity; for windows. Must not grow when lines are taken away.
   */
  rescore?: (lines: number[], discount: number) => number;
}

export interface Distinct<T> {
  item: T;
  score: number;
  sourceIds: string[];
}

export function selectDistinct<T extends DiversifyCandidate>(
  candidates: T[],
  k: number,
  opts: {
    threshold?: number;
    ignoreTerms?: ReadonlySet<string>;
    diversity?: number;
    /** A text's terms (default `terms`); a caller that already analysed the texts passes its own. */
    terms?: (text: string) => readonly string[];
  } = {},
): Distinct<T>[] {
  const ignore = opts.ignoreTerms ?? new Set<string>();
  const analyse = opts.terms ?? terms;
  const termsOf = (text: string) => {
    const out = new Set<string>();
    for (const t of analyse(text)) if (!ignore.has(t)) out.add(t);
    return out;
  };
  const pool = candidates
    .map((c) => ({
      c,
      terms: termsOf(c.content),
      evidence: new Set(c.evidence),
      lineTerms: c.lines && c.lines.length === c.sourceIds.length ? c.lines.map(termsOf) : undefined,
    }))
    .sort((a, b) => b.c.score - a.c.score || a.c.id.localeCompare(b.c.id));
  type Entry = (typeof pool)[number];
  type Chosen = { d: Distinct<T>; terms: Set<string>; evidence: Set<string>; entry: Entry };
  const shownTerms = new Set<string>();
  const shownEvidence = new Set<string>();
  const chosen: Chosen[] = [];
  const threshold = opts.threshold ?? 0;
  const diversity = opts.diversity ?? DIVERSITY;

  const overlap = (xs: ReadonlySet<string>, shown: ReadonlySet<string>) => {
    if (!xs.size) return 0;
    let n = 0;
    for (const x of xs) if (shown.has(x)) n++;
    return n / xs.size;
  };

  /** The chosen chunk `p` is a copy of: one holding nearly all its words. Short texts share all their words by chance ("Ash is vegetarian" / "Ash's sister is vegetarian"): they need shared evidence too. */
  const hostOf = (p: Entry): Chosen | undefined => {
    if (!p.terms.size || !chosen.length) return undefined;
    const host = chosen.reduce((a, b) => (overlap(p.terms, b.terms) > overlap(p.terms, a.terms) ? b : a));
    if (overlap(p.terms, host.terms) < NEAR_DUPLICATE) return undefined;
    return p.terms.size >= MIN_TERMS_ALONE || overlap(p.evidence, host.evidence) >= 0.5 ? host : undefined;
  };

  /** Shows `p` instead of `host`, in the place `host` earned. */
  const swap = (host: Chosen, p: Entry) => {
    host.d.item = p.c;
    host.d.sourceIds = [...p.c.sourceIds];
    host.terms = p.terms;
    host.evidence = new Set(p.evidence);
    host.entry = p;
    shownTerms.clear();
    shownEvidence.clear();
    for (const x of chosen) {
      for (const t of x.terms) shownTerms.add(t);
      for (const e of x.evidence) shownEvidence.add(e);
    }
  };

  /** How much of a window's relevance is left without the lines `p` repeats (1: all of it). */
  const leftWithout = (w: Entry, p: Entry) => {
    if (!w.lineTerms || !w.c.rescore || !(w.c.score > 0)) return 1;
    const rest = w.lineTerms.flatMap((t, j) => (t.size && overlap(t, p.terms) >= NEAR_DUPLICATE ? [] : [j]));
    return w.c.rescore(rest, 0) / w.c.score;
  };

  /** `p` repeats `host`: it is left out, and `host` cites its evidence. */
  const collapse = (p: Entry, host: Chosen) => {
    let cited = p.c.sourceIds;
    const same = overlap(host.terms, p.terms) >= SAME;
    if (p.c.primacy > host.d.item.primacy && (same || leftWithout(host.entry, p) < 0.5)) {
      // The same information both ways (a memory and the Stage 3 answer quoting it), or a
      // window that ranked for the one line a memory says better: the primary one is shown,
      // in the place the other earned (citing the other's sources only if it said the same).
      const sources = host.d.sourceIds;
      swap(host, p);
      cited = same ? sources : [];
    } else if (p.lineTerms) {
      // A window's messages are cited only for the lines the host repeats.
      cited = p.c.sourceIds.filter((_, j) => overlap(p.lineTerms![j]!, host.terms) >= NEAR_DUPLICATE);
    }
    for (const s of cited) {
      if (!host.d.sourceIds.includes(s)) host.d.sourceIds.push(s);
      if (p.evidence.has(s)) {
        host.evidence.add(s);
        shownEvidence.add(s);
      }
    }
  };

  const marginal = (p: Entry, redundancy: number) => {
    const discount = diversity * redundancy;
    if (!p.lineTerms || !p.c.rescore) return p.c.score * (1 - discount);
    const fresh = p.lineTerms.flatMap((t, j) => (t.size && overlap(t, shownTerms) >= NEAR_DUPLICATE ? [] : [j]));
    return Math.min(p.c.score, p.c.rescore(fresh, discount));
  };

  while (chosen.length < k && pool.length) {
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < pool.length; i++) {
      const p = pool[i]!;
      const wordsShown = overlap(p.terms, shownTerms);
      const host = wordsShown >= NEAR_DUPLICATE ? hostOf(p) : undefined;
      if (host) {
        collapse(p, host);
        pool.splice(i--, 1);
        continue;
      }
      const score = marginal(p, Math.max(wordsShown, overlap(p.evidence, shownEvidence)));
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    if (best < 0 || bestScore < threshold) break;
    const p = pool.splice(best, 1)[0]!;
    chosen.push({ d: { item: p.c, score: bestScore, sourceIds: [...p.c.sourceIds] }, terms: p.terms, evidence: p.evidence, entry: p });
    for (const t of p.terms) shownTerms.add(t);
    for (const e of p.evidence) shownEvidence.add(e);
  }
  return chosen.map((x) => x.d);
}
