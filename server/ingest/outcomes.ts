import type { IngestionItemOutcome } from "@/db/schema";
import { placeholder, TYPE_PRIORITY, type PiiType } from "@/server/privacy/types";

const PII_TYPES = Object.keys(TYPE_PRIORITY) as PiiType[];
const occurrences = (text: string, token: string) => text.split(token).length - 1;

/**
 * The kinds of personal data redaction replaced in an item (lower-case, in a stable order): the
 * placeholders its stored texts carry beyond those the client itself wrote.
 */
export function redactedTypes(sent: readonly string[], stored: readonly string[]): string[] {
  const found: string[] = [];
  for (const type of PII_TYPES) {
    const token = placeholder(type);
    const added = stored.reduce((n, t) => n + occurrences(t, token), 0) - sent.reduce((n, t) => n + occurrences(t, token), 0);
    if (added > 0) found.push(type.toLowerCase());
  }
  return found.sort();
}

/** One stored fact's result and the messages (their cited ids) it came from. */
export interface FactOutcome {
  sourceIds: string[];
  result: "added" | "updated" | "deleted" | "unchanged";
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The per-item outcomes of a processed ingestion, from the items recorded when it was received
 * (PII types, duplicates) and what processing did: each message's facts by result, each
 * document's passages. "Nothing stored" is never silent: every item says why.
 */
export function itemOutcomes(items: IngestionItemOutcome[], facts: FactOutcome[], chunksOf: Record<string, number>): IngestionItemOutcome[] {
  const byRef = new Map<string, { added: number; updated: number; deleted: number; unchanged: number }>();
  for (const f of facts) {
    for (const ref of new Set(f.sourceIds)) {
      const tally = byRef.get(ref) ?? { added: 0, updated: 0, deleted: 0, unchanged: 0 };
      tally[f.result]++;
      byRef.set(ref, tally);
    }
  }
  return items.map((item) => {
    if (item.outcome !== "pending" || !item.ref) return item;
    if (item.type === "document") {
      const chunks = chunksOf[item.ref] ?? 0;
      return {
        ...item,
        outcome: "stored",
        chunks,
        reason: `stored as ${plural(chunks, "searchable passage")} for /chunks and /query`,
      };
    }
    const tally = byRef.get(item.ref) ?? { added: 0, updated: 0, deleted: 0, unchanged: 0 };
    const changed = tally.added + tally.updated + tally.deleted;
    if (changed > 0) {
      const parts = [
        tally.added && `${plural(tally.added, "fact")} added`,
        tally.updated && `${plural(tally.updated, "fact")} updated`,
        tally.deleted && `${plural(tally.deleted, "fact")} retracted`,
        tally.unchanged && `${plural(tally.unchanged, "fact")} already known`,
      ].filter(Boolean);
      return { ...item, outcome: "learned", facts: tally, reason: parts.join(", ") };
    }
    if (tally.unchanged > 0) {
      return { ...item, outcome: "already_known", facts: tally, reason: `${plural(tally.unchanged, "fact")} found, all already known` };
    }
    return {
      ...item,
      outcome: "no_fact_found",
      facts: tally,
      reason: "no fact about the user was found in this message (it is kept as conversation context)",
    };
  });
}
