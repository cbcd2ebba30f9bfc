import type { ExtractedFact } from "@/server/memory/extract/types";
import { analyzeFact, type FactAnalysis } from "./analyze";

export { analyzeFact, callsPartner, concernsEating, diedName, endedPartner, firstAnnotatedDate, isSafetyCritical, mentionsMedication, safetyRank, splitReply, type FactAnalysis } from "./analyze";
export { planSupersessions, type SupersedePlan } from "./supersede";
export * from "./taxonomy";

/**
 * The model fields of an extracted fact: what the extractor gave (an LLM may name the topic,
 * salience, entities and time) over the offline analysis. Remarks (not about the user) never
 * fill a slot or negate anything.
 */
export function describeFact(fact: ExtractedFact, subject: string | null): FactAnalysis {
  const a = analyzeFact(fact.text, { subject, saidAt: fact.occurredAt });
  if (fact.kind === "remark") return { ...a, slot: null, slotValue: null, negates: null, salience: "event", entities: [] };
  return {
    ...a,
    topic: fact.topic ?? a.topic,
    // A safety-critical fact stays safety-critical whatever an extractor called it.
    salience: a.salience === "safety" ? "safety" : (fact.salience ?? a.salience),
    entities: fact.entities?.length ? fact.entities : a.entities,
    validFrom: fact.validFrom ?? a.validFrom,
  };
}
