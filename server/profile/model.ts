import { escapeRegExp } from "@/server/lib/regexp";
import { and, desc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { memories, type EndUser } from "@/db/schema";
import { analyzeFact, SALIENCE_RANK, TOPIC_LABEL, TOPICS, type FactEntity, type FactStatus, type Salience, type TopicKey } from "@/server/memory/facts";
import { relationGroup } from "@/server/memory/facts/entities";
import { placeTimezone } from "@/server/memory/facts/places";
import { normalizeTraits } from "./traits";

/**
 * The user model as read by every output (GET /profile, /summary, /query, Stage 3, the portal):
 * the user's facts filed by topic, the entities they name, and the traits newer facts
 * contradict. Plain data, deterministic order.
 */

export interface ModelFact {
  id: string;
  text: string;
  topic: TopicKey;
  salience: Salience;
  status: FactStatus;
  entities: FactEntity[];
  sourceIds: string[];
  /** When it holds from / until (superseded), and when it was said. ISO strings. */
  validFrom: string | null;
  validTo: string | null;
  saidAt: string | null;
  supersededBy: string | null;
  updatedAt: string;
}

export interface ModelEntity {
  name: string | null;
  type: FactEntity["type"];
  relation: string | null;
  factIds: string[];
}

export interface TraitFlag {
  trait: "timezone" | "name";
  value: string;
  /** Why the trait looks outdated, in a sentence. */
  reason: string;
  /** The newer fact that contradicts it, and what it suggests instead. */
  factId: string;
  suggested: string | null;
}

export interface UserModel {
  name: string | null;
  /** How facts name the user: the first name, or null ("the user"). */
  subject: string | null;
  facts: ModelFact[];
  topics: { key: TopicKey; label: string; facts: ModelFact[] }[];
  entities: ModelEntity[];
  flags: TraitFlag[];
  truncated: boolean;
}

/** Placeholder names ("User Name" in the spec's restaurant example) are not names. */
const PLACEHOLDER_NAMES = new Set(["user", "user name", "username", "name", "your name", "first last", "firstname lastname", "unknown", "n/a", "na", "none", "anonymous", "test user", "customer"]);

/** The user's real name from their traits, or null. */
export function userDisplayName(traits: Record<string, unknown>): string | null {
  const name = normalizeTraits(traits).name?.trim();
  if (!name || PLACEHOLDER_NAMES.has(name.toLowerCase())) return null;
  return name;
}

export function firstNameOf(name: string | null): string | null {
  return name?.split(/\s+/)[0] || null;
}

/** "Alexandra goes by Alex now", "asks to be called Sam": the first name the user asked for. */
const GOES_BY = /\b(?:goes by|go by|prefers? to be called|asks to be called|wants to be called|preferred name is|new name is|name is now)\s+([A-Z][\p{L}'’-]+)/u;

/**
 * The name a user asked to be called by in their current facts (the newest such fact), when it
 * is not the first name of their traits, and the fact that says it; else null.
 */
export function preferredNameFact<F extends Pick<ModelFact, "text" | "status" | "validFrom">>(facts: F[], subject: string | null): { name: string; fact: F } | null {
  if (!subject) return null;
  // The user's own: "Alexandra goes by Alex now", not "Alexandra's daughter goes by Bee".
  const own = new RegExp(`(?<![\\p{L}\\p{N}'’])${escapeRegExp(subject)} (?:now |also |just )?${GOES_BY.source.replace(/^\\b/, "")}`, "u");
  const said = facts
    .filter((f) => f.status === "current" && own.test(f.text))
    .sort((a, b) => (b.validFrom ?? "").localeCompare(a.validFrom ?? ""))[0];
  const name = said ? own.exec(said.text)![1]! : null;
  return name && said && name !== subject ? { name, fact: said } : null;
}

export function preferredFirstName(facts: Pick<ModelFact, "text" | "status" | "validFrom">[], subject: string | null): string | null {
  return preferredNameFact(facts, subject)?.name ?? null;
}

/** The full name with the first name the user asked for: "Alexandra Chen" → "Alex Chen". */
function renamed(name: string, subject: string, preferred: string): string {
  return name.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(subject)}(?![\\p{L}\\p{N}])`, "gu"), preferred);
}

/**
 * The facts and names as the user asked to be called: "Alexandra Chen" who goes by Alex reads
 * "Alex Chen", and "Alexandra" in a fact's text reads "Alex" (a view: stored facts are unchanged).
 */
export function withPreferredName<F extends Pick<ModelFact, "text" | "status" | "validFrom">>(
  facts: F[],
  name: string | null,
  subject: string | null,
): { facts: F[]; name: string | null; subject: string | null } {
  const preferred = preferredFirstName(facts, subject);
  if (!preferred || !subject) return { facts, name, subject };
  return {
    facts: facts.map((f) => ({ ...f, text: renamed(f.text, subject, preferred) })),
    name: name ? renamed(name, subject, preferred) : preferred,
    subject: preferred,
  };
}

export const MODEL_FACT_LIMIT = 2000;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Current before superseded, then safety > identity > preference > event, then newest first. */
export function compareFacts(a: ModelFact, b: ModelFact): number {
  if (a.status !== b.status) return a.status === "current" ? -1 : 1;
  const s = SALIENCE_RANK[b.salience] - SALIENCE_RANK[a.salience];
  if (s) return s;
  const t = (b.validFrom ?? b.saidAt ?? "").localeCompare(a.validFrom ?? a.saidAt ?? "");
  const said = (b.saidAt ?? "").localeCompare(a.saidAt ?? "");
  // Ties by text, not by id: the same conversation ingested again reads the same.
  return t || said || a.text.localeCompare(b.text) || a.id.localeCompare(b.id);
}

export async function loadFacts(db: Database, endUserId: string, limit = MODEL_FACT_LIMIT): Promise<{ facts: ModelFact[]; truncated: boolean }> {
  const rows = await db
    .select()
    .from(memories)
    .where(and(eq(memories.endUserId, endUserId), eq(memories.kind, "fact")))
    .orderBy(desc(memories.createdAt), desc(memories.id))
    .limit(limit + 1);
  const facts = rows.slice(0, limit).map(
    (m): ModelFact => ({
      id: m.id,
      text: m.text,
      topic: m.topic,
      salience: m.salience,
      status: m.status,
      entities: m.entities ?? [],
      sourceIds: m.sourceIds,
      validFrom: iso(m.validFrom),
      validTo: iso(m.validTo),
      saidAt: iso(m.occurredAt),
      supersededBy: m.supersededBy,
      updatedAt: m.updatedAt.toISOString(),
    }),
  );
  return { facts, truncated: rows.length > limit };
}

/** The people, places and organizations of the current facts, merged by name. */
export function collectEntities(facts: ModelFact[]): ModelEntity[] {
  const out: ModelEntity[] = [];
  const current = facts.filter((f) => f.status === "current").sort((a, b) => (a.validFrom ?? "").localeCompare(b.validFrom ?? "") || a.id.localeCompare(b.id));
  for (const f of current) {
    for (const e of f.entities) {
      const key = e.name?.toLowerCase() ?? null;
      let found = key ? out.find((x) => x.name?.toLowerCase() === key) : out.find((x) => x.name === null && x.relation === (e.relation ?? null));
      if (!found && key && e.relation) {
        // "their husband" then "their husband Mark": the unnamed one is Mark.
        const unnamed = out.find((x) => x.name === null && x.relation === e.relation);
        if (unnamed) {
          unnamed.name = e.name;
          found = unnamed;
        }
      }
      if (found) {
        if (!found.relation && e.relation) found.relation = e.relation;
        if (!found.factIds.includes(f.id)) found.factIds.push(f.id);
      } else {
        out.push({ name: e.name, type: e.type, relation: e.relation ?? null, factIds: [f.id] });
      }
    }
  }
  const typeRank = { person: 0, pet: 1, place: 2, organization: 3 } as const;
  return out.sort(
    (a, b) =>
      typeRank[a.type] - typeRank[b.type] ||
      b.factIds.length - a.factIds.length ||
      (a.name ?? a.relation ?? "").localeCompare(b.name ?? b.relation ?? ""),
  );
}

/**
 * Traits that newer facts contradict: a timezone after a move to a place in another zone, a name
 * after the user asked to be called by another.
 */
export function traitFlags(user: Pick<EndUser, "traits">, facts: ModelFact[], subject: string | null): TraitFlag[] {
  const flags: TraitFlag[] = [];
  const tz = timezoneFlag(user, facts, subject);
  if (tz) flags.push(tz);
  const name = userDisplayName(user.traits);
  const preferred = name && subject ? preferredNameFact(facts, subject) : null;
  if (name && subject && preferred) {
    flags.push({
      trait: "name",
      value: name,
      reason: `The user asked to be called ${preferred.name}; the name trait ${name} predates that.`,
      factId: preferred.fact.id,
      suggested: renamed(name, subject, preferred.name),
    });
  }
  return flags;
}

function timezoneFlag(user: Pick<EndUser, "traits">, facts: ModelFact[], subject: string | null): TraitFlag | null {
  const tz = normalizeTraits(user.traits).timezone;
  if (!tz) return null;
  const residence = facts
    .filter((f) => f.status === "current")
    .map((f) => ({ f, a: analyzeFact(f.text, { subject, saidAt: new Date(f.saidAt ?? 0) }) }))
    .filter(({ a }) => a.slot === "residence" && a.slotValue)
    .sort((x, y) => (y.f.validFrom ?? "").localeCompare(x.f.validFrom ?? ""))[0];
  if (!residence) return null;
  const place = residence.a.slotValue!;
  const zone = placeTimezone(place);
  if (!zone || zone === tz) return null;
  return {
    trait: "timezone",
    value: tz,
    reason: `${subject ?? "The user"} now lives in ${place} (${zone}); the timezone trait ${tz} predates that.`,
    factId: residence.f.id,
    suggested: zone,
  };
}

export async function loadUserModel(db: Database, user: EndUser, opts: { limit?: number } = {}): Promise<UserModel> {
  const name = userDisplayName(user.traits);
  const subject = firstNameOf(name);
  const { facts, truncated } = await loadFacts(db, user.id, opts.limit);
  const sorted = [...facts].sort(compareFacts);
  const topics = TOPICS.map((t) => ({ key: t.key, label: TOPIC_LABEL[t.key], facts: sorted.filter((f) => f.topic === t.key) })).filter((t) => t.facts.length > 0);
  return { name, subject, facts: sorted, topics, entities: collectEntities(facts), flags: traitFlags(user, facts, subject), truncated };
}

/** "Sarah Chen (cofounder)", "husband", "Max (dog)". */
export function describeEntity(e: Pick<ModelEntity, "name" | "relation">): string {
  if (e.name && e.relation) return `${e.name} (${e.relation})`;
  return e.name ?? e.relation ?? "";
}

export { relationGroup };
