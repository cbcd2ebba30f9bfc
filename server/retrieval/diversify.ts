import { terms } from "@/server/ai/text";

/**
 * k chunks should carry k different pieces of information. Retrieval finds the same fact
 * several times: as a memory, inside the overlapping conversation windows that contain the
 * message it came from, in the assistant's echo of it, and in Stage 3 answers built from it.
 * Ranked by relevance alone, those copies fill the top of the list and push other evidence out.
 *
 * `selectDistinct` picks greedily (maximal marginal relevance): each step takes the candidate
 * whose relevance, discounted by how much of it was already shown, is highest.
 * - What a chunk adds is measured twice: by its words (the share of its content terms that no
 *   chosen chunk has shown yet) and by its evidence (the share of its source messages that no
 *   chosen chunk cites). Its redundancy is the larger of the two overlaps.
 * - A near-duplicate (at least NEAR_DUPLICATE of its words already shown) is collapsed: it is
 *   not returned. When one chosen chunk holds its words, that chunk also cites its sources (for
 *   a conversation window, the messages whose lines it repeats), so evidence stays attributed.
 *   When the two say the same thing both ways (a memory and the Stage 3 answer quoting it), the
 *   more primary one is shown: a memory before a conversation window before a Stage 3 answer.
 * - The score returned is the marginal one, so scores stay in decreasing order and the
 *   similarity threshold applies to what a chunk adds.
 */

/** Share of a chunk's words already shown at which it is a copy, not a new piece of information. */
export const NEAR_DUPLICATE = 0.8;
/** Share of each other's words at which two chunks say the same thing (either may be shown). */
const SAME = 0.95;
/** Chunks with fewer content terms than this are never judged copies by their words alone. */
const MIN_TERMS_ALONE = 3;
/** How much redundancy costs: a chunk whose words and sources were all shown keeps (1 - DIVERSITY) of its score. */
export const DIVERSITY = 0.5;

export interface DiversifyCandidate {
  id: string;
  score: number;
  /** What the chunk says (for Stage 3 entries: the answer, not the question). */
  content: string;
  /** Message-level evidence; empty when the chunk is its own evidence (a document chunk). */
  evidence: string[];
  sourceIds: string[];
  /** Which of two equal chunks to show: the higher (memories over windows over Stage 3 answers). */
  primacy: number;
  /** For a conversation window: the text of each source message, in `sourceIds` order. */
  lines?: string[];
}

export interface Distinct<T> {
  item: T;
  score: number;
  sourceIds: string[];
}

export function selectDistinct<T extends DiversifyCandidate>(
  candidates: T[],
  k: number,
  opts: { threshold?: number; ignoreTerms?: ReadonlySet<string> } = {},
): Distinct<T>[] {
  const ignore = opts.ignoreTerms ?? new Set<string>();
  const pool = candidates
    .map((c) => ({ c, terms: new Set(terms(c.content).filter((t) => !ignore.has(t))), evidence: new Set(c.evidence) }))
    .sort((a, b) => b.c.score - a.c.score || a.c.id.localeCompare(b.c.id));
  const shownTerms = new Set<string>();
  const shownEvidence = new Set<string>();
  const chosen: { d: Distinct<T>; terms: Set<string>; evidence: Set<string> }[] = [];
  const threshold = opts.threshold ?? 0;

  const overlap = (xs: Set<string>, shown: Set<string>) => {
    if (!xs.size) return 0;
    let n = 0;
    for (const x of xs) if (shown.has(x)) n++;
    return n / xs.size;
  };

  type Entry = (typeof pool)[number];
  const termsOf = (text: string) => new Set(terms(text).filter((t) => !ignore.has(t)));
  /**
   * `a` repeats `b`: nearly all of its words are in `b`. Short texts share all their words by
   * chance ("Ash is vegetarian" / "Ash's sister is vegetarian"): they are copies only when they
   * also share evidence.
   */
  const isCopy = (a: { terms: Set<string>; evidence: Set<string> }, b: { terms: Set<string>; evidence: Set<string> }) =>
    a.terms.size > 0 &&
    overlap(a.terms, b.terms) >= NEAR_DUPLICATE &&
    (a.terms.size >= MIN_TERMS_ALONE || overlap(a.evidence, b.evidence) >= 0.5);
  /** The chosen chunk that holds (nearly) all of `p`'s words, if one does. */
  const hostOf = (p: Entry) => {
    if (!p.terms.size || !chosen.length) return undefined;
    const host = chosen.reduce((a, b) => (overlap(p.terms, b.terms) > overlap(p.terms, a.terms) ? b : a));
    return overlap(p.terms, host.terms) >= NEAR_DUPLICATE ? host : undefined;
  };
  /** `p` repeats `host`: it is left out, and `host` cites its evidence. */
  const collapse = (p: Entry, host: (typeof chosen)[number]) => {
    if (overlap(host.terms, p.terms) >= SAME && p.c.primacy > host.d.item.primacy) {
      // The same information both ways: show the primary one, in the place the other earned.
      host.d.item = p.c;
      host.d.sourceIds = [...new Set([...p.c.sourceIds, ...host.d.sourceIds])];
      for (const t of p.terms) host.terms.add(t);
      for (const e of p.evidence) {
        host.evidence.add(e);
        shownEvidence.add(e);
      }
    } else {
      // A window's messages are cited only for the lines the host repeats.
      const attributable =
        p.c.lines && p.c.lines.length === p.c.sourceIds.length
          ? p.c.sourceIds.filter((_, j) => overlap(termsOf(p.c.lines![j]!), host.terms) >= NEAR_DUPLICATE)
          : p.c.sourceIds;
      for (const s of attributable) {
        if (!host.d.sourceIds.includes(s)) host.d.sourceIds.push(s);
        host.evidence.add(s);
        shownEvidence.add(s);
      }
    }
  };

  while (chosen.length < k && pool.length) {
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < pool.length; i++) {
      const p = pool[i]!;
      const wordsShown = overlap(p.terms, shownTerms);
      // A copy of one chosen chunk is collapsed into it.
      const host = wordsShown >= NEAR_DUPLICATE ? hostOf(p) : undefined;
      if (host && isCopy(p, host)) {
        collapse(p, host);
        pool.splice(i--, 1);
        continue;
      }
      const redundancy = Math.max(wordsShown, overlap(p.evidence, shownEvidence));
      const marginal = p.c.score * (1 - DIVERSITY * redundancy);
      if (marginal > bestScore) {
        bestScore = marginal;
        best = i;
      }
    }
    if (best < 0 || bestScore < threshold) break;
    const p = pool.splice(best, 1)[0]!;
    const entry = { d: { item: p.c, score: bestScore, sourceIds: [...p.c.sourceIds] }, terms: p.terms, evidence: p.evidence };
    // Chosen chunks this one contains (a memory, then the window around it with one more
    // fact) are absorbed: it takes the place of the first, and the others' places free up.
    const absorbed = chosen.filter((a) => isCopy(a, p));
    if (absorbed.length) {
      const [first, ...rest] = absorbed;
      entry.d.score = first!.d.score;
      for (const a of absorbed) {
        for (const s of a.d.sourceIds) if (!entry.d.sourceIds.includes(s)) entry.d.sourceIds.push(s);
        for (const e of a.evidence) entry.evidence.add(e);
      }
      chosen[chosen.indexOf(first!)] = entry;
      for (const a of rest) chosen.splice(chosen.indexOf(a), 1);
    } else {
      chosen.push(entry);
    }
    for (const t of p.terms) shownTerms.add(t);
    for (const e of p.evidence) shownEvidence.add(e);
  }
  return chosen.map((x) => x.d);
}
