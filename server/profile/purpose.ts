import type { TopicKey } from "@/server/memory/facts/taxonomy";

/**
 * What an agent is for decides what matters about its user (the spec's "purpose-driven
 * personalization"). A purpose text is classified by keywords into a kind; each kind names
 * the concepts (see server/ai/concepts.ts) its summary and Stage 3 questions focus on.
 */
export type PurposeKind = "scheduling" | "sales" | "content" | "support" | "dining" | "general";

export interface PurposeFocus {
  kind: PurposeKind;
  /** Concepts, most important first. */
  concepts: string[];
  /** Topics of the user model the purpose needs, most important first. */
  topics: TopicKey[];
  /** How the focus reads in a summary sentence. */
  label: string;
}

const RULES: { kind: PurposeKind; words: RegExp; concepts: string[]; topics: TopicKey[]; label: string }[] = [
  {
    kind: "scheduling",
    words: /\b(schedul\w*|calendar\w*|meeting\w*|appointment\w*|booking\w*|availability|time ?zone\w*)\b/i,
    concepts: ["schedule", "communication", "work", "travel", "family"],
    topics: ["schedule", "communication", "work", "travel", "family", "people"],
    label: "scheduling",
  },
  {
    kind: "sales",
    words: /\b(sales?|sdr|bdr|crm|lead\w*|prospect\w*|outreach|deal\w*|pipeline|account executive)\b/i,
    concepts: ["communication", "business", "work", "relationships", "money"],
    topics: ["communication", "work", "goals", "people", "finances", "interests"],
    label: "sales conversations",
  },
  {
    kind: "content",
    words: /\b(content|writ\w*|blog\w*|post\w*|newsletter\w*|copy\w*|social media|creator\w*|marketing)\b/i,
    concepts: ["reading", "communication", "art", "technology", "movies"],
    topics: ["communication", "interests", "work", "goals"],
    label: "content creation",
  },
  {
    kind: "dining",
    words: /\b(restaurant\w*|dining|food|meal\w*|recipe\w*|dietary|cuisine\w*)\b/i,
    concepts: ["food", "health", "travel", "schedule"],
    topics: ["food", "health", "family", "schedule", "people", "travel"],
    label: "dining recommendations",
  },
  {
    kind: "support",
    words: /\b(support|help ?desk|ticket\w*|customer service|troubleshoot\w*)\b/i,
    concepts: ["technology", "communication", "emotions", "work"],
    topics: ["communication", "work", "schedule", "goals"],
    label: "support",
  },
];

export function classifyPurpose(purpose: string | null | undefined): PurposeFocus {
  const text = purpose ?? "";
  for (const r of RULES) if (r.words.test(text)) return { kind: r.kind, concepts: r.concepts, topics: r.topics, label: r.label };
  return {
    kind: "general",
    concepts: ["work", "communication", "schedule", "food", "family"],
    topics: ["work", "family", "people", "communication", "schedule", "food", "goals", "interests", "travel"],
    label: "general assistance",
  };
}
