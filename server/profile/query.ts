import { and, eq, inArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { memories, messages, queryAnswers, stage3Entries, type EndUser } from "@/db/schema";
import { stem, tokenize } from "@/server/ai/text";
import { resolveRelativeDates } from "@/server/memory/extract/dates";
import { splitSentences } from "@/server/memory/extract/sentences";
import { toThirdPerson } from "@/server/memory/extract/third-person";
import { concernsEating, mentionsMedication, splitReply } from "@/server/memory/facts";
import type { FactEntity } from "@/server/memory/facts/taxonomy";
import { getLlm, type LlmMessageParam, type LlmTool } from "@/server/ai/llm";
import type { ReadContext } from "@/server/service/context";
import { timeoutError } from "@/server/service/errors";
import { newId } from "@/server/lib/ids";
import { searchUser, type Chunk } from "@/server/retrieval/chunks";
import { requireEndUser } from "@/server/users/find";
import { CONVERSATION_CHUNK_PREFIX } from "@/server/ingest/process";
import { redactForStorage, redactTextsForStorage } from "@/server/privacy/storage";
import { COMMUNICATES, composeFromPieces, composePeople, composeSlot, namesSomeoneElse, parseQuestion, rankPieces, type Candidate, type Composed, type Continuation, type ParsedQuestion, type Piece } from "./answer";
import { collectEntities, firstNameOf, loadFacts, preferredFirstName, relationGroup, traitFlags, userDisplayName, withPreferredName, type ModelFact } from "./model";
import { describeTimezone, normalizeTraits } from "./traits";
import { stripLeadIn } from "./summary";
import { escapeRegExp } from "@/server/lib/regexp";

export const queryBody = z.object({
  user_id: z.string({ error: "is required" }).trim().min(1, "must not be empty").max(128),
  question: z
    .string({ error: "is required" })
    .refine((s) => s.trim().length > 0, "must not be empty")
    .refine((s) => s.length <= 2000, "must be at most 2000 characters"),
  use_cache: z.boolean({ error: "must be true or false" }).default(true),
});
export type QueryInput = z.infer<typeof queryBody>;

export const QUERY_TIMEOUT_MS = 30_000;
const MAX_AGENT_TURNS = 6;
export const UNKNOWN = "I don't know yet: nothing Pio has stored about this user answers that question.";

/** A fact or chunk an answer was composed from, as the response's `sources` lists it. */
export interface Source {
  id: string;
  text: string;
  source_ids: string[];
}

interface Answered {
  answer: string;
  sources: Source[];
  found: boolean;
}

/** "What are the user's food preferences?" and "what are the user's food preferences" are one question. */
export function questionKey(question: string): string {
  return question.trim().toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, " ").replace(/[\s?.!]+$/, "").slice(0, 500);
}

const sourceOf = (c: { id: string; text: string; sourceIds: string[] }): Source => ({ id: c.id, text: c.text, source_ids: c.sourceIds });

/** Ids among the sources that are facts (memories): a change to one of them drops the cached answer. */
const factIdsOf = (sources: Source[]) => sources.map((s) => s.id).filter((id) => id.startsWith("mem_"));

/** True while every cited fact still exists, is current, and has not changed since `at`. */
async function citationsHold(db: Database, endUserId: string, factIds: string[], at: Date): Promise<boolean> {
  if (!factIds.length) return true;
  const rows = await db
    .select({ id: memories.id, status: memories.status, updatedAt: memories.updatedAt })
    .from(memories)
    .where(and(eq(memories.endUserId, endUserId), inArray(memories.id, factIds)));
  return rows.length === new Set(factIds).size && rows.every((r) => r.status === "current" && r.updatedAt.getTime() <= at.getTime());
}

/**
 * The cached answer to the same question: an earlier /query answer, or a Stage 3 answer to
 * exactly this question. Dropped (and deleted) when a fact it cites changed.
 */
async function findCached(db: Database, user: EndUser, key: string): Promise<Answered | null> {
  const [row] = await db.select().from(queryAnswers).where(and(eq(queryAnswers.endUserId, user.id), eq(queryAnswers.questionKey, key)));
  if (row) {
    if (await citationsHold(db, user.id, row.factIds, row.updatedAt)) return { answer: row.answer, sources: row.sources, found: true };
    await db.delete(queryAnswers).where(eq(queryAnswers.id, row.id));
    return null;
  }
  const entries = await db
    .select()
    .from(stage3Entries)
    .where(and(eq(stage3Entries.endUserId, user.id), sql`lower(regexp_replace(trim(${stage3Entries.question}), '[\\s?.!]+$', '')) = ${key}`));
  const entry = entries[0];
  if (!entry || !entry.factIds.length || !(await citationsHold(db, user.id, entry.factIds, entry.updatedAt))) return null;
  const facts = await db
    .select({ id: memories.id, text: memories.text, sourceIds: memories.sourceIds })
    .from(memories)
    .where(and(eq(memories.endUserId, user.id), inArray(memories.id, entry.factIds)));
  return { answer: entry.answer, sources: facts.map(sourceOf), found: true };
}

async function storeAnswer(db: Database, user: EndUser, key: string, question: string, a: Answered): Promise<void> {
  // The question arrives redacted; the answer (a model may write anything) and the source
  // excerpts are stored text too, redacted like everything else (docs/privacy.md).
  const [answer, ...texts] = await redactTextsForStorage([a.answer, ...a.sources.map((s) => s.text)]);
  const sources = a.sources.map((s, i) => ({ ...s, text: texts[i]! }));
  const values = {
    question,
    answer: answer!,
    sources,
    factIds: factIdsOf(a.sources),
    sourceIds: [...new Set(a.sources.flatMap((s) => s.source_ids))],
    updatedAt: new Date(),
  };
  await db
    .insert(queryAnswers)
    .values({ id: newId("qa"), workspaceId: user.workspaceId, environment: user.environment, endUserId: user.id, questionKey: key, ...values })
    .onConflictDoUpdate({ target: [queryAnswers.endUserId, queryAnswers.questionKey], set: values });
}

// --- Offline -------------------------------------------------------------------------------------

const toCandidate = (f: ModelFact, score = 1): Candidate => ({
  id: f.id,
  text: f.text,
  sourceIds: f.sourceIds,
  score,
  source: "memory",
  kind: "fact",
  saidAt: f.saidAt,
  validFrom: f.validFrom,
  validTo: f.validTo,
  status: f.status,
  entities: f.entities,
});

/** Facts and conversation excerpts that match the question (hybrid retrieval), with their model fields. */
export async function retrieveCandidates(db: Database, user: EndUser, question: string, q: ParsedQuestion): Promise<Candidate[]> {
  const { chunks } = await searchUser(db, user, [{ role: "user", content: question }], {
    k: 24,
    threshold: 0.1,
    sources: ["memory", "document"],
    includeSuperseded: q.past,
  });
  const memIds = chunks.filter((c) => c.source === "memory").map((c) => c.id);
  const rows = memIds.length
    ? await db
        .select({
          id: memories.id,
          kind: memories.kind,
          status: memories.status,
          occurredAt: memories.occurredAt,
          validFrom: memories.validFrom,
          validTo: memories.validTo,
          entities: memories.entities,
        })
        .from(memories)
        .where(and(eq(memories.endUserId, user.id), inArray(memories.id, memIds)))
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  // A conversation excerpt's turns were said at their messages' times (for "yesterday" in them).
  const excerptIds = chunks.filter((c) => c.source === "document" && c.id.startsWith(`${CONVERSATION_CHUNK_PREFIX}_`)).flatMap((c) => c.source_ids);
  const times = excerptIds.length
    ? await db
        .select({ clientId: messages.clientId, id: messages.id, timestamp: messages.timestamp })
        .from(messages)
        .where(and(eq(messages.endUserId, user.id), or(inArray(messages.clientId, excerptIds), inArray(messages.id, excerptIds))))
    : [];
  const timeOf = new Map(times.map((t) => [t.clientId ?? t.id, t.timestamp.toISOString()]));
  return chunks.map((c: Chunk): Candidate => {
    const m = byId.get(c.id);
    const excerpt = !m && c.id.startsWith(`${CONVERSATION_CHUNK_PREFIX}_`);
    return {
      ...(excerpt ? { turnTimes: c.source_ids.map((id) => timeOf.get(id) ?? null) } : {}),
      id: c.id,
      text: c.text,
      sourceIds: c.source_ids,
      score: c.score,
      source: c.source === "memory" ? "memory" : "document",
      kind: m ? m.kind : c.id.startsWith(`${CONVERSATION_CHUNK_PREFIX}_`) ? "excerpt" : "fact",
      saidAt: m?.occurredAt?.toISOString() ?? (excerpt ? (timeOf.get(c.source_ids.at(-1) ?? "") ?? c.created_at) : c.created_at),
      validFrom: m?.validFrom?.toISOString() ?? null,
      validTo: m?.validTo?.toISOString() ?? null,
      status: m?.status ?? "current",
      entities: m?.entities ?? [],
    };
  });
}

/** The stored timezone, or the one a newer move implies (the trait is then flagged as outdated). */
async function timezoneAnswer(db: Database, user: EndUser, subject: string | null, facts: ModelFact[]): Promise<Composed | null> {
  const tz = normalizeTraits(user.traits).timezone;
  const flag = traitFlags(user, facts, subject).find((f) => f.trait === "timezone");
  const who = subject ?? "The user";
  if (flag) {
    const fact = facts.find((f) => f.id === flag.factId);
    return {
      answer: `Probably ${flag.suggested}: ${who} now lives in ${flag.reason.match(/lives in ([^(]+) \(/)?.[1] ?? "a new place"}; the stored timezone ${flag.value} predates the move.`,
      used: fact ? [toCandidate(fact)] : [],
    };
  }
  if (tz) return { answer: `${who}'s timezone is ${describeTimezone(tz, new Date())}.`, used: [] };
  return null;
}

/** The user's current facts that say what they are called (one indexed read by user). */
async function nameFacts(db: Database, endUserId: string): Promise<Pick<ModelFact, "text" | "status" | "validFrom">[]> {
  const rows = await db
    .select({ text: memories.text, validFrom: memories.validFrom })
    .from(memories)
    .where(and(eq(memories.endUserId, endUserId), eq(memories.status, "current"), sql`${memories.text} ~* ${"(goes by|go by|to be called|preferred name|name is now|new name is)"}`))
    .limit(20);
  return rows.map((r) => ({ text: r.text, status: "current" as const, validFrom: r.validFrom ? r.validFrom.toISOString() : null }));
}

/** A question about what to call the user. */
const NAME_QUESTION = /\b(?:what (?:should|do|can) (?:i|we) call|(?:preferred|real|first) name|what(?:'s| is) (?:the user's|their|his|her) name|pronouns?|how (?:should|do) (?:i|we) (?:address|refer to))\b/i;
/** A fact that says what the user is called: a name they go by, their pronouns. */
const NAME_FACT = /\b(?:goes by|go by|(?:prefers?|asks|wants) to be called|preferred name|pronouns)\b/i;
const sentenceOf = (t: string) => (/[.!?…]$/.test(t.trim()) ? t.trim() : `${t.trim()}.`);

/** Facts about the user themselves, not about someone in their life ("Ash's husband is a dentist"). */
function aboutUser(f: ModelFact, subject: string | null): boolean {
  const body = f.text.replace(/^(?:Asked|Replying to) "[^"]*", .+? said: /, "");
  const possessive = subject ? new RegExp(`^(?:${escapeRegExp(subject)}|User|The user)(?:'s|’s) (\\w+)`, "i") : /^(?:User|The user)(?:'s|’s) (\w+)/i;
  const m = possessive.exec(body);
  if (m && f.entities.some((e) => e.relation && m[1]!.toLowerCase().startsWith(e.relation.slice(0, 4)))) return false;
  return !f.entities.some((e) => e.name && e.relation && body.startsWith(e.name));
}

/** A relation asked for as a group ("kids": a son, a daughter, the twins; "parents"). */
const KIN_GROUPS: string[][] = [
  ["kid", "child", "children", "son", "daughter", "baby", "twin", "toddler", "stepson", "stepdaughter", "boy", "girl"],
  ["parent", "mom", "mother", "mum", "dad", "father", "stepmom", "stepdad"],
  ["sibling", "brother", "sister"],
  ["partner", "husband", "wife", "spouse", "boyfriend", "girlfriend", "fiancé", "fiancée", "fiance", "fiancee"],
  ["grandkid", "grandchild", "grandson", "granddaughter"],
  ["grandparent", "grandma", "grandmother", "grandpa", "grandfather"],
];
/** Verbs a question uses for anything (what it asks is their object). */
const GENERIC_VERBS = ["eat", "eats", "drink", "drinks", "have", "has", "take", "takes", "get", "gets", "use", "uses", "do", "does", "go", "goes"];

/** One relation in other words ("mother" asked, "mom" said). */
const KIN_WORDS: string[][] = [
  ["mom", "mother", "mum", "mommy", "mama", "ma"],
  ["dad", "father", "daddy", "papa", "pa"],
  ["grandma", "grandmother", "nana", "granny"],
  ["grandpa", "grandfather", "granddad", "grandad"],
  ["kid", "child", "children"],
  ["husband", "hubby"],
  ["wife", "wifey"],
];

/**
 * Whether someone the model calls `relation` is who the question asks for: the word itself
 * ("sister"), another word for it ("mom" for "mother"), or one of a group asked as a group
 * ("kids" → a son, the twins; "parents" → a mom, a dad; never the husband).
 */
function kinOf(relation: string, asked: string): boolean {
  const r = relation.toLowerCase();
  if (r.startsWith(asked)) return true;
  if (KIN_WORDS.find((k) => k.includes(asked))?.includes(r)) return true;
  const group = KIN_GROUPS.find((k) => k[0] === asked || (asked === "children" && k[0] === "kid") || (asked === "child" && k[0] === "kid"));
  return Boolean(group && group.some((w) => r.startsWith(w)));
}

/** Whether any stored fact fills the relationship slot (married, single, dating …). */
async function relationshipFacts(db: Database, endUserId: string): Promise<boolean> {
  const rows = await db
    .select({ id: memories.id })
    .from(memories)
    .where(and(eq(memories.endUserId, endUserId), eq(memories.slot, "relationship")))
    .limit(1);
  return rows.length > 0;
}

/** "Marcus's husband is Dev." from the newest current fact that names the user's partner. */
function partnerNamed(facts: ModelFact[], subject: string): Composed | null {
  const re = new RegExp(`\\b${escapeRegExp(subject)}(?:'s|’s) (husband|wife|spouse|partner|boyfriend|girlfriend|fianc[ée]e?),? ([A-Z][\\p{L}'’-]+)`, "u");
  const found = facts
    .map((f) => ({ f, m: re.exec(f.text) }))
    .filter((x) => x.m)
    .sort((a, b) => (b.f.validFrom ?? "").localeCompare(a.f.validFrom ?? ""))[0];
  if (!found) return null;
  const [, relation, name] = found.m!;
  const married = /^(?:husband|wife|spouse)$/i.test(relation!);
  return { answer: `${married ? "Yes: " : ""}${subject}'s ${relation!.toLowerCase()} is ${name}.`, used: [toCandidate(found.f)] };
}

async function offlineAnswer(db: Database, user: EndUser, question: string): Promise<Composed | null> {
  const subject = firstNameOf(userDisplayName(user.traits));
  const q = parseQuestion(question, subject);
  let facts: ModelFact[] | null = null;
  const allFacts = async () => (facts ??= (await loadFacts(db, user.id)).facts);

  // "Who are the people in the user's professional network?", "Who does Priya work with?": the people, with their relation.
  if (q.people && (q.list || (q.type === "who" && q.people !== "any"))) {
    const all = await allFacts();
    const byId = new Map(all.map((f) => [f.id, f]));
    const people = collectEntities(all)
      .filter((e) => e.type === "person" && e.relation)
      .filter((e) => {
        if (q.people === "any") return true;
        const group = relationGroup(e.relation!);
        if (q.people === "work") return group === "work" || e.factIds.some((id) => byId.get(id)?.topic === "work");
        // A life partner is family ("Sam's partner Jess"); a business partner is not.
        if (q.people === "family" && e.relation === "partner") return !e.factIds.some((id) => byId.get(id)?.topic === "work");
        return group === q.people;
      })
      // "Who are Marcus's kids?": the kids, not the husband beside them.
      .filter((e) => !q.relation || kinOf(e.relation!, q.relation))
      .map((e) => ({ name: e.name, relation: e.relation, facts: e.factIds.map((id) => toCandidate(byId.get(id)!)) }));
    const composed = composePeople(people, subject);
    if (composed) return composed;
  }

  // "Is Marcus married?" with no word of marriage but "Marcus's husband Dev": the partner named.
  if (q.slot === "relationship" && !q.past && subject) {
    const said = await relationshipFacts(db, user.id);
    if (!said) {
      const partner = partnerNamed((await allFacts()).filter((f) => f.status === "current"), subject);
      if (partner) return partner;
    }
  }

  // "What should I call this user?", "What are their pronouns?": what they asked to be called.
  // Not "What are Jess's pronouns?" (someone else's).
  if (NAME_QUESTION.test(question) && !(subject && namesSomeoneElse(question, subject))) {
    const all = (await allFacts()).filter((f) => f.status === "current");
    const named = withPreferredName(all, null, subject);
    const said = named.facts.filter((f) => NAME_FACT.test(f.text)).sort((a, b) => (b.validFrom ?? "").localeCompare(a.validFrom ?? ""));
    if (said.length) {
      const text = said
        .slice(0, 2)
        .map((f) => sentenceOf(stripLeadIn(f.text)))
        .join(" ");
      return { answer: text, used: said.slice(0, 2).map(toCandidate) };
    }
  }

  // The time zone: the trait, unless a newer fact (a move) contradicts it.
  if (q.timezone) {
    const composed = await timezoneAnswer(db, user, subject, await allFacts());
    if (composed) return composed;
  }

  // Where the user lives, what they do for work: the slot's facts, current (or past) ones.
  if (q.slot) {
    const all = (await allFacts()).filter((f) => f.salience !== "event" || f.topic === "work");
    const slotFacts = await db
      .select({ id: memories.id })
      .from(memories)
      .where(and(eq(memories.endUserId, user.id), eq(memories.slot, q.slot)));
    const ids = new Set(slotFacts.map((r) => r.id));
    const inSlot = all.filter((f) => ids.has(f.id));
    const byTime = (a: ModelFact, b: ModelFact) => (b.validFrom ?? "").localeCompare(a.validFrom ?? "");
    const current = inSlot.filter((f) => f.status === "current").sort(byTime).map((f) => toCandidate(f));
    const past = inSlot.filter((f) => f.status === "superseded").sort(byTime).map((f) => toCandidate(f));
    const composed = composeSlot(q, current, past, subject);
    if (composed && (!q.past || past.length)) return composed;
    if (q.slot === "job") {
      // No stated job: the user's own work facts (never a family member's job).
      const own = (await allFacts()).filter((f) => f.status === "current" && f.topic === "work" && aboutUser(f, subject)).map((f) => toCandidate(f, 0.5));
      const ranked = rankPieces(q, own, subject, question);
      const fromWork = composeFromPieces(q, ranked, subject);
      if (fromWork) return fromWork;
    }
  }

  const candidates = (await retrieveCandidates(db, user, question, q)).filter((c) => q.past || c.status !== "superseded");
  if (!q.past) {
    // About now, a fact that says what was asked but no longer holds is answered by what
    // replaced it ("Does Walter have a service dog?" → "Ranger passed away last month").
    const nameStems = new Set(tokenize(subject ?? "").map(stem));
    // A generic verb is no part of what was asked ("Can Linda eat grapefruit?" asks of grapefruit).
    const generic = new Set(GENERIC_VERBS.map(stem));
    const asked = [...q.terms].filter(([t, w]) => w >= 1 && t.length > 2 && !nameStems.has(t) && !generic.has(t)).map(([t]) => t);
    if (asked.length) {
      const all = await allFacts();
      const byId = new Map(all.map((f) => [f.id, f]));
      const known = new Set(candidates.map((c) => c.id));
      const top = Math.max(0.5, ...candidates.map((c) => c.score));
      for (const f of all) {
        if (f.status !== "superseded" || !f.supersededBy) continue;
        const stems = new Set(tokenize(f.text).map(stem));
        const hits = asked.filter((t) => stems.has(t)).length;
        // (One word asked is enough when it is the whole question: "Is Hana pregnant?")
        if (hits < Math.min(asked.length, Math.max(2, Math.ceil(asked.length * 0.6)))) continue;
        let next = byId.get(f.supersededBy);
        for (let hops = 0; next && next.status !== "current" && next.supersededBy && hops < 5; hops++) next = byId.get(next.supersededBy);
        if (next && next.status === "current") {
          const found = candidates.find((c) => c.id === next!.id);
          if (found) {
            found.replaced ??= f.text;
            found.score = Math.max(found.score, top);
          } else {
            known.add(next.id);
            candidates.push({ ...toCandidate(next, top), replaced: f.text });
          }
        }
      }
    }
  }
  if (q.named && !q.past && !candidates.some((c) => c.kind !== "excerpt" && c.text.includes(q.named!))) {
    // "Who is Marco?", every fact that named him since superseded (dating, then engaged, then
    // "got married"): what was said of him is still who he is to the user, with its date.
    const name = new RegExp(`(?<![\\p{L}])${escapeRegExp(q.named)}(?![\\p{L}])`, "u");
    const top = Math.max(0.5, ...candidates.map((c) => c.score));
    for (const f of await allFacts()) if (f.status === "superseded" && name.test(f.text)) candidates.push(toCandidate(f, top));
  }
  if (q.age && !q.past) {
    // "How old is Ella?": an age said of her stays her age when the fact that said it was
    // superseded for another reason ("kids Ella (9) and Finn (6) are with Megan every other
    // weekend", before the custody changed).
    const own = new Set(tokenize(subject ?? "").map((w) => w.toLowerCase()));
    const names = [...question.slice(1).matchAll(/\b([A-Z][\p{L}'’-]+)/gu)].map((m) => m[1]!.replace(/['’]s$/, "")).filter((n) => !own.has(n.toLowerCase()));
    const known = new Set(candidates.map((c) => c.id));
    const top = Math.max(0.5, ...candidates.map((c) => c.score));
    for (const name of names) {
      const aged = new RegExp(`\\b${name}(?:['’]s)?\\s*\\(\\d{1,2}\\)|\\b${name} (?:is|was|turned|just turned|will be|turns) \\d{1,2}\\b|\\b${name},? (?:aged? )?\\d{1,2}\\b`);
      for (const f of await allFacts()) {
        if (f.status === "superseded" && !known.has(f.id) && aged.test(f.text)) {
          known.add(f.id);
          candidates.push(toCandidate(f, top));
        }
      }
    }
  }
  const pets = /\b(pets?|dogs?|cats?|puppy|kitten|animals?)\b/i.test(question);
  if (q.type === "where" || q.people || pets) {
    // Places, people and pets are entities of the model: facts naming one are evidence.
    const known = new Set(candidates.map((c) => c.id));
    const want = q.type === "where" ? "place" : pets ? "pet" : "person";
    const base = Math.min(...candidates.map((c) => c.score), 0.4);
    for (const f of await allFacts()) {
      if (!known.has(f.id) && (q.past || f.status === "current") && f.entities.some((e) => e.type === want)) candidates.push(toCandidate(f, base));
    }
  }
  if (!q.relation && subject) {
    // "What should I consider for an outing with Jim?", Jim being the only husband named: what
    // is said of "Margaret's husband" is said of him, found or not.
    const all = await allFacts();
    const relationOf = new Map<string, Set<string>>();
    for (const f of all) for (const e of f.entities) if (e.name && e.relation && (e.type === "person" || e.type === "pet")) relationOf.set(e.name, (relationOf.get(e.name) ?? new Set()).add(e.relation));
    const asked = [...question.matchAll(/\b([A-Z][\p{L}'’-]+?)(?:['’]s)?\b/gu)].map((m) => m[1]!).filter((n) => n !== subject && relationOf.get(n)?.size === 1);
    for (const name of new Set(asked)) {
      const relation = [...relationOf.get(name)!][0]!;
      // Only when no one else of the user's life has that relation ("son" with two sons says neither).
      if ([...relationOf].some(([other, rels]) => other !== name && rels.has(relation))) continue;
      const known = new Set(candidates.map((c) => c.id));
      const top = Math.max(0.5, ...candidates.map((c) => c.score));
      for (const f of all) {
        if (f.status !== "current" || !f.entities.some((e) => e.relation === relation && (!e.name || e.name === name))) continue;
        const c = candidates.find((x) => x.id === f.id);
        if (c) c.score = Math.max(c.score, top * 0.9);
        else if (!known.has(f.id)) candidates.push(toCandidate(f, top * 0.9));
      }
    }
  }
  if (q.relation) {
    // "What does the user's husband do?": the facts about that person are the evidence.
    const known = new Set(candidates.map((c) => c.id));
    const top = Math.max(0.5, ...candidates.map((c) => c.score));
    const all = await allFacts();
    // The people of that relation by name ("Mateo's wife Carla"): "Carla is pregnant" is about her too.
    const names = new Set(all.flatMap((f) => f.entities.flatMap((e) => (e.type === "person" && e.relation && e.name && kinOf(e.relation, q.relation!) && /^[A-Z]/.test(e.name) ? [e.name] : []))));
    const named = names.size ? new RegExp(`\\b(?:${[...names].map(escapeRegExp).join("|")})\\b`) : null;
    const byRelation = (f: { entities?: FactEntity[] }) => Boolean(f.entities?.some((e) => e.relation && kinOf(e.relation, q.relation!)));
    const byName = (f: { text: string }) => Boolean(named?.test(f.text));
    for (const f of all) {
      if (!known.has(f.id) && f.status === "current" && (byRelation(f) || byName(f))) candidates.push(toCandidate(f, top));
    }
    for (const c of candidates) {
      if (!byRelation(c) && !byName(c)) c.score *= 0.6;
      // Found without the relation's word, which the search matched in the others ("Carla is
      // pregnant" against "wife"): as much evidence as they are. (An excerpt names many people
      // over its turns: it keeps its own score.)
      else if (!byRelation(c) && c.kind !== "excerpt") c.score = Math.max(c.score, top);
    }
  }
  if (q.safety || q.food) {
    // Allergies, diet, medical needs: every safety-critical fact is evidence, found or not; for
    // what to eat, those about eating (an allergy, diabetes; not a medication or a hearing aid).
    const known = new Set(candidates.map((c) => c.id));
    const top = Math.max(0, ...candidates.map((c) => c.score));
    for (const f of await allFacts()) {
      if (f.salience !== "safety" || f.status !== "current" || (!q.safety && !concernsEating(f.text))) continue;
      const c = known.has(f.id) ? candidates.find((x) => x.id === f.id) : null;
      if (c) {
        if (!q.safety) c.score = Math.max(c.score, top);
      } else candidates.push(toCandidate(f, Math.max(top, 0.5)));
    }
  }
  if (q.medication) {
    // "What medications does Luis take?": every medication named, found or not (the one a doctor added too).
    const known = new Set(candidates.map((c) => c.id));
    const top = Math.max(0.5, ...candidates.map((c) => c.score));
    for (const f of await allFacts()) {
      if (f.status === "current" && !known.has(f.id) && mentionsMedication(f.text)) candidates.push(toCandidate(f, top * 0.9));
    }
  }
  if (q.communication) {
    // How to talk to the user: what they asked for about it is evidence, found or not.
    const known = new Set(candidates.map((c) => c.id));
    const top = Math.max(0.5, ...candidates.map((c) => c.score));
    for (const f of await allFacts()) {
      if (f.status !== "current" || !(f.topic === "communication" || COMMUNICATES.test(f.text))) continue;
      if (!known.has(f.id)) candidates.push(toCandidate(f, top));
    }
  }
  if (q.slot === "job") {
    const all = await allFacts();
    const byId = new Map(all.map((f) => [f.id, f]));
    for (const c of candidates) if (byId.has(c.id) && !aboutUser(byId.get(c.id)!, subject)) c.score *= 0.3;
  }
  let ranked = rankPieces(q, candidates, subject, question);
  if (!q.past) {
    // A conversation excerpt knows nothing of supersession: what the user said in a message
    // whose facts have all been replaced ("I'm single …" before the engagement) is history.
    const all = await allFacts();
    const current = new Set(all.filter((f) => f.status === "current").flatMap((f) => f.sourceIds));
    const stale = new Set(all.filter((f) => f.status === "superseded").flatMap((f) => f.sourceIds).filter((id) => !current.has(id)));
    // An excerpt found for what it said that no longer holds ("I play in a salsa band", before "I
    // quit the salsa band") brings the rest of its message on that score: what shares no word with
    // the question then weighs half ("Does Andrés play music?" is not answered with the daughter
    // named beside the band).
    const dropped = new Set<string>();
    const keep = (p: Piece, out: boolean) => {
      if (out) dropped.add(p.candidate.id);
      return !out;
    };
    if (stale.size) ranked = ranked.filter((p) => keep(p, p.candidate.kind === "excerpt" && Boolean(p.messageId) && stale.has(p.messageId!)));
    // And a sentence of an excerpt that says what a superseded fact says ("My doctor put me on
    // metformin", its message's other facts still current).
    const said = (t: string) => splitReply(t).body.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
    const replaced = all.filter((f) => f.status === "superseded").map((f) => said(f.text));
    if (replaced.length) {
      ranked = ranked.filter((p) => {
        if (p.candidate.kind !== "excerpt") return true;
        const t = said(p.text);
        return keep(p, !(t.length < 20 || !replaced.some((r) => r.includes(t))));
      });
    }
    if (dropped.size) {
      for (const p of ranked) if (dropped.has(p.candidate.id) && !((p.lexical ?? 0) > 0)) p.score *= 0.5;
      ranked.sort((a, b) => b.score - a.score);
    }
  }
  const next = await continuations(db, user, ranked.slice(0, 3), subject);
  return composeFromPieces(q, ranked, subject, (p) => next.get(p) ?? null);
}

/** "Caroline, that looks awesome.": said to someone by name. */
function addressed(sentence: string, subject: string | null): boolean {
  const m = /^([A-Z][a-z]+),\s/.exec(sentence.trim());
  return Boolean(m && m[1] !== subject && !/^(?:Yes|Yeah|No|Well|So|Oh|Wow|Also|Anyway|Honestly|Plus|Still|Sure|Okay|Ok)$/.test(m[1]!));
}

/**
 * What follows a piece where it was said, in the third person: the next sentence of the
 * user's own message (where a fact says "Melanie ran a charity race", the next sentence often
 * says what the question asks), or — when the piece ends its message — the user's reply when
 * asked about it ("Just got new shoes [photo]" … "For walking or running?" … "These are for
 * running."), read from the reply's fact, which the answer then cites as well.
 */
async function continuations(db: Database, user: EndUser, pieces: Piece[], subject: string | null): Promise<Map<Piece, Continuation>> {
  const out = new Map<Piece, Continuation>();
  const ids = [...new Set(pieces.map((p) => p.messageId).filter((id): id is string => Boolean(id)))];
  if (!ids.length) return out;
  const rows = await db
    .select({ clientId: messages.clientId, id: messages.id, content: messages.content, role: messages.role })
    .from(messages)
    .where(and(eq(messages.endUserId, user.id), or(inArray(messages.clientId, ids), inArray(messages.id, ids))));
  const byId = new Map(rows.filter((r) => r.role === "user").map((r) => [r.clientId ?? r.id, r.content]));
  const ended: Piece[] = [];
  for (const p of pieces) {
    const content = byId.get(p.messageId ?? "");
    if (!content) continue;
    const sentences = splitSentences(content).filter((x) => !/^\[[^\]]*\]\.?$/.test(x.trim()));
    const want = new Set(tokenize(splitReply(p.text).body).map(stem));
    let best = -1;
    let bestHit = 0;
    sentences.forEach((x, i) => {
      const hit = tokenize(toThirdPerson(x, { name: subject })).map(stem).filter((t) => want.has(t)).length;
      if (hit > bestHit) {
        bestHit = hit;
        best = i;
      }
    });
    if (best < 0) continue;
    const next = sentences.slice(best + 1).find((x) => !x.trim().endsWith("?"));
    // Words to the other person ("Hope you like it.") go on from nothing the user said about themselves.
    const toThem = next !== undefined && (/\b(?:you|your|you're|you’re|yours)\b/i.test(next) || addressed(next, subject));
    if (next && next === sentences[best + 1] && !toThem && next.split(/\s+/).length >= 4) {
      out.set(p, { text: resolveRelativeDates(toThirdPerson(next, { name: subject }), new Date(p.candidate.saidAt ?? Date.now())) });
    } else if (!next) ended.push(p);
  }
  if (!ended.length) return out;
  // A reply to a question about the message is stored with the message among its sources, first.
  const replies = await db
    .select({ id: memories.id, text: memories.text, sourceIds: memories.sourceIds, occurredAt: memories.occurredAt, validFrom: memories.validFrom, entities: memories.entities })
    .from(memories)
    .where(
      and(
        eq(memories.endUserId, user.id),
        eq(memories.kind, "fact"),
        eq(memories.status, "current"),
        sql`cardinality(${memories.sourceIds}) >= 3`,
        inArray(sql`${memories.sourceIds}[1]`, [...new Set(ended.map((p) => p.messageId!))]),
      ),
    );
  for (const p of ended) {
    const reply = replies.filter((r) => r.sourceIds[0] === p.messageId).sort((a, b) => (a.occurredAt?.getTime() ?? 0) - (b.occurredAt?.getTime() ?? 0))[0];
    if (!reply) continue;
    const first = splitSentences(splitReply(reply.text).body)[0];
    if (!first || first.split(/\s+/).length < 3 || /\b(?:you|your|you're|you’re|yours)\b/i.test(first)) continue;
    const text = first.charAt(0).toUpperCase() + first.slice(1);
    out.set(p, {
      text,
      source: {
        id: reply.id,
        text: reply.text,
        sourceIds: reply.sourceIds,
        score: p.candidate.score,
        source: "memory",
        kind: "fact",
        saidAt: reply.occurredAt?.toISOString() ?? null,
        validFrom: reply.validFrom?.toISOString() ?? null,
        status: "current",
        entities: reply.entities,
      },
    });
  }
  return out;
}

// --- LLM agent -------------------------------------------------------------------------------------

const AGENT_SYSTEM = `You answer questions about one user for an AI agent, using tools that search what is
stored about that user (facts from conversations, documents, the profile). Search before answering;
try a second search with other words when the first finds nothing. Use only what the tools return and
never invent facts. Facts marked superseded are history: use them only for questions about the past.
Answer first and concisely: 1-3 sentences, or a short list for "who" or "which" questions (each person
with their relation to the user). Write dates as dates. If the stored data does not answer the
question, say plainly that you don't know.
End with a last line "Sources: <ids>" listing the ids of the search results you used.`;

const TOOLS: LlmTool[] = [
  {
    type: "function",
    function: {
      name: "search_memories",
      description: "Search facts remembered from the user's conversations.",
      parameters: { type: "object", properties: { query: { type: "string" } }, required: ["query"] },
    },
  },
  {
    type: "function",
    function: {
      name: "search_documents",
      description: "Search the user's documents (notes, emails, calendar events, conversation excerpts).",
      parameters: { type: "object", properties: { query: { type: "string" } }, required: ["query"] },
    },
  },
  {
    type: "function",
    function: {
      name: "read_profile",
      description: "Read the user's profile: name (and preferred_name, the name they asked to be called by, when it differs), timezone, locale, links, notes, purpose.",
      parameters: { type: "object", properties: {} },
    },
  },
];

const SOURCES_LINE = /\n?\s*Sources?:\s*([^\n]*)\s*$/i;

/** A bounded tool-calling loop; the answer, and the search results it says it used. */
async function agentAnswer(db: Database, user: EndUser, question: string, signal: AbortSignal): Promise<Answered> {
  const llm = getLlm()!;
  const q = parseQuestion(question, firstNameOf(userDisplayName(user.traits)));
  const messages: LlmMessageParam[] = [
    { role: "system", content: AGENT_SYSTEM },
    { role: "user", content: question },
  ];
  const seen = new Map<string, Source>();
  for (let turn = 0; turn < MAX_AGENT_TURNS; turn++) {
    if (signal.aborted) throw timeoutError("query_timeout", "The question took too long to answer; try a narrower question.");
    const last = turn === MAX_AGENT_TURNS - 1;
    const msg = await llm.chat({ messages, tools: last ? undefined : TOOLS, temperature: 0 });
    const calls = (msg.tool_calls ?? []).flatMap((c) => (c.type === "function" ? [c] : []));
    if (!calls.length) {
      const content = (msg.content ?? "").trim();
      const cited = SOURCES_LINE.exec(content);
      const answer = (cited ? content.slice(0, cited.index) : content).trim();
      if (!answer || !seen.size || /\b(don't|do not) know\b/i.test(answer)) return { answer: answer || UNKNOWN, sources: [], found: false };
      const ids = cited ? (cited[1]!.match(/[A-Za-z0-9_:-]+/g) ?? []) : [];
      const sources = ids.map((id) => seen.get(id)).filter((s): s is Source => Boolean(s));
      return { answer, sources: sources.length ? sources : [...seen.values()], found: true };
    }
    messages.push({ role: "assistant", content: msg.content ?? null, tool_calls: calls } as LlmMessageParam);
    for (const call of calls) {
      let result: unknown;
      try {
        const args = JSON.parse(call.function.arguments || "{}") as { query?: string };
        if (call.function.name === "read_profile") {
          // The name they asked to be called by, when it is not the trait's ("goes by Alex now").
          const preferred = preferredFirstName(await nameFacts(db, user.id), firstNameOf(userDisplayName(user.traits)));
          result = { ...normalizeTraits(user.traits), ...(preferred ? { preferred_name: preferred } : {}), purpose: user.purpose };
        } else if (call.function.name === "search_memories" || call.function.name === "search_documents") {
          const found = await retrieveCandidates(db, user, String(args.query ?? question), q);
          const wanted = found.filter((c) => (call.function.name === "search_memories" ? c.source === "memory" : c.source === "document")).slice(0, 8);
          for (const c of wanted) seen.set(c.id, sourceOf(c));
          result = wanted.map((c) => ({ id: c.id, text: c.text, status: c.status, said_at: c.saidAt, source_ids: c.sourceIds }));
        } else result = { error: `unknown tool ${call.function.name}` };
      } catch (e) {
        result = { error: (e as Error).message };
      }
      messages.push({ role: "tool", tool_call_id: call.id, content: JSON.stringify(result) } as LlmMessageParam);
    }
  }
  return { answer: UNKNOWN, sources: [], found: false };
}

/**
 * POST /query: cache first (an earlier answer to the same question whose facts are unchanged),
 * otherwise an answer composed from the user model (offline) or an agent run (LLM). Answers
 * are kept in the cache only: never as facts, never returned by /chunks.
 */
export async function answerQuery({ db, scope }: ReadContext, input: QueryInput) {
  const user = await requireEndUser(db, scope, input.user_id);
  // Redacted before the embedder, the model or storage see it (docs/privacy.md).
  const question = await redactForStorage(input.question.trim());
  const key = questionKey(question);
  const respond = (a: Answered, cached: boolean) => ({
    user_id: user.userId,
    question: input.question,
    answer: a.answer,
    cached,
    source_ids: [...new Set(a.sources.flatMap((s) => s.source_ids))],
    sources: a.sources,
  });
  if (input.use_cache) {
    const cached = await findCached(db, user, key);
    if (cached) return respond(cached, true);
  }

  let result: Answered;
  if (getLlm()) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), QUERY_TIMEOUT_MS);
    try {
      result = await Promise.race([
        agentAnswer(db, user, question, controller.signal),
        new Promise<never>((_, reject) =>
          controller.signal.addEventListener("abort", () =>
            reject(timeoutError("query_timeout", "The question took too long to answer; try a narrower question.")),
          ),
        ),
      ]);
    } finally {
      clearTimeout(timer);
    }
  } else {
    const composed = await offlineAnswer(db, user, question);
    // A user who asked to be called by another name is named so in answers too.
    const subject = firstNameOf(userDisplayName(user.traits));
    const renamed = composed && subject ? withPreferredName(await nameFacts(db, user.id), null, subject) : null;
    const answer = composed && renamed && renamed.subject !== subject ? composed.answer.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(subject!)}(?![\\p{L}\\p{N}])`, "gu"), renamed.subject!) : composed?.answer;
    result = composed ? { answer: answer!, sources: composed.used.map(sourceOf), found: true } : { answer: UNKNOWN, sources: [], found: false };
  }

  // Only grounded answers are cached; "don't know" is not.
  if (result.found) await storeAnswer(db, user, key, question, result);
  else await db.delete(queryAnswers).where(and(eq(queryAnswers.endUserId, user.id), eq(queryAnswers.questionKey, key)));
  return respond(result, false);
}
