/**
 * The user model's vocabulary: the topics facts are filed under (the tree's branches) and the
 * salience levels that order them. Documented in docs/profile.md; keys are part of the API
 * (GET /profile) and never renamed.
 */
export const TOPICS = [
  { key: "identity", label: "Identity & location", about: "who the user is: where they live and come from, age, identity, languages" },
  { key: "work", label: "Work & career", about: "job, employer, business, projects, colleagues' roles" },
  { key: "people", label: "People & relationships", about: "friends, partners, mentors, professional contacts" },
  { key: "family", label: "Family", about: "partner, children, parents, siblings, pets at home" },
  { key: "health", label: "Health & diet", about: "allergies, medical needs, dietary restrictions, accessibility, fitness" },
  { key: "food", label: "Food & preferences", about: "what the user likes to eat and drink, favourite places" },
  { key: "schedule", label: "Schedule & routines", about: "working hours, habits, when they do things" },
  { key: "communication", label: "Communication style", about: "how they want to be answered and contacted" },
  { key: "goals", label: "Goals & plans", about: "what they want to achieve, upcoming plans" },
  { key: "interests", label: "Interests & hobbies", about: "hobbies, arts, sports, books, music" },
  { key: "travel", label: "Travel", about: "trips taken and planned" },
  { key: "finances", label: "Finances", about: "budget, money matters" },
  { key: "events", label: "Life events", about: "things that happened to the user" },
  { key: "other", label: "Other", about: "anything else" },
] as const;

export type TopicKey = (typeof TOPICS)[number]["key"];
export const TOPIC_KEYS: readonly TopicKey[] = TOPICS.map((t) => t.key);
export const TOPIC_LABEL: Record<TopicKey, string> = Object.fromEntries(TOPICS.map((t) => [t.key, t.label])) as Record<TopicKey, string>;

export function isTopicKey(v: unknown): v is TopicKey {
  return typeof v === "string" && (TOPIC_KEYS as readonly string[]).includes(v);
}

/**
 * How much a fact matters whatever the purpose: safety-critical (allergies, medical and
 * dietary restrictions, accessibility needs) above stable identity above preferences above
 * transient events.
 */
export const SALIENCE = ["safety", "identity", "preference", "event"] as const;
export type Salience = (typeof SALIENCE)[number];
export const SALIENCE_RANK: Record<Salience, number> = { safety: 3, identity: 2, preference: 1, event: 0 };

export function isSalience(v: unknown): v is Salience {
  return typeof v === "string" && (SALIENCE as readonly string[]).includes(v);
}

export type FactStatus = "current" | "superseded";

export type EntityType = "person" | "place" | "organization" | "pet";

/** Something a fact names: a person with their relation to the user, a place, an organization. */
export interface FactEntity {
  /** The name as written ("Sarah Chen"), or null for an unnamed relation ("husband"). */
  name: string | null;
  type: EntityType;
  /** How the person (or pet) relates to the user: "cofounder", "daughter", "friend". */
  relation?: string;
}

/**
 * Facts that hold one value at a time: a newer fact of the same slot supersedes the older one
 * (a move, a new job, a changed diet or relationship, a switched major).
 */
export type FactSlot = "residence" | "job" | "diet" | "relationship" | "study";
