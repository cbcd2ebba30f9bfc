import { createHash } from "node:crypto";
import { and, desc, eq, ne } from "drizzle-orm";
import type { Database } from "@/db/client";
import { documentChunks, documents, endUsers, profileSummaries, type EndUser, type ProfileSummary, type SummaryPart } from "@/db/schema";
import { stem, tokenize } from "@/server/ai/text";
import { getLlm } from "@/server/ai/llm";
import { newId } from "@/server/lib/ids";
import { ProcessCache } from "@/server/lib/process-cache";
import { redactText } from "@/server/privacy/redact";
import { redactTextsForStorage } from "@/server/privacy/storage";
import { isFragment } from "@/server/memory/extract/offline";
import { isBareReply, isFiller, splitSentences } from "@/server/memory/extract/sentences";
import { isSafetyCritical, safetyRank, splitReply, TOPIC_LABEL, type TopicKey } from "@/server/memory/facts";
import { absoluteDates } from "./dates";
import { escapeRegExp } from "@/server/lib/regexp";
import { loadUserModel, withPreferredName, type ModelFact, type TraitFlag } from "./model";
import { classifyPurpose, type PurposeFocus } from "./purpose";
import { describeTimezone, normalizeTraits, type Profile } from "./traits";

/**
 * Stage 2: the profile summary, composed from the user model. Who the user is first, then the
 * safety-critical facts (allergies, medical and dietary restrictions, accessibility — always
 * kept, at any `max_chars` ≥ 200), then what the purpose needs, topic by topic, then the rest.
 * Current facts only, first- and second-person leftovers and near-repeats left out. Stored as
 * ordered parts so a shorter `max_chars` keeps what matters most; same inputs → same text.
 */

/** Bump when the composition changes, so stored summaries are rebuilt. */
const SUMMARY_VERSION = 8;
const STORED_MAX_CHARS = 2000;
/** Below this, `max_chars` is too small for sentences: the text is cut instead. */
export const MIN_COMPOSED_CHARS = 200;
const MAX_FACTS_PER_TOPIC = 4;
const MAX_FACT_CHARS = 220;

export interface SummaryInputs {
  name: string | null;
  subject: string | null;
  profile: Profile;
  purpose: string | null;
  focus: PurposeFocus;
  /** Current facts of the user model (most salient first). */
  facts: ModelFact[];
  flags: TraitFlag[];
  documents: { id: string; title: string | null; text: string; version: number }[];
}

/** Everything a summary is built from, in a stable order. */
export async function loadSummaryInputs(db: Database, user: EndUser, purpose: string | null): Promise<SummaryInputs> {
  const loaded = await loadUserModel(db, user);
  // A user who asked to be called by another name is named so in their summary.
  const named = withPreferredName(loaded.facts, loaded.name, loaded.subject);
  const model = { ...loaded, ...named };
  const docs = await db
    .select({ id: documents.id, title: documents.title, version: documents.version, text: documentChunks.text })
    .from(documents)
    .innerJoin(documentChunks, and(eq(documentChunks.documentId, documents.id), eq(documentChunks.chunkIndex, 0)))
    .where(and(eq(documents.endUserId, user.id), ne(documents.documentType, "message_history")))
    .orderBy(desc(documents.updatedAt), desc(documents.id))
    .limit(5);
  return {
    name: model.name,
    subject: model.subject,
    profile: normalizeTraits(user.traits),
    purpose,
    focus: classifyPurpose(purpose),
    facts: model.facts.filter((f) => f.status === "current"),
    flags: model.flags,
    documents: docs,
  };
}

export function inputsHash(inputs: SummaryInputs, generator: string): string {
  const key = {
    v: SUMMARY_VERSION,
    generator,
    purpose: inputs.purpose,
    profile: inputs.profile,
    facts: inputs.facts.map((f) => [f.id, f.updatedAt]),
    flags: inputs.flags,
    documents: inputs.documents.map((d) => [d.id, d.version]),
  };
  return createHash("sha256").update(JSON.stringify(key)).digest("hex");
}

// --- Facts as summary sentences ---------------------------------------------------------

const sentence = (s: string) => {
  const t = s.trim().replace(/\s+/g, " ");
  return /[.!?…]$/.test(t) ? t : `${t}.`;
};

/** Outside quotes: "I", "we", "our" … left over, or "you" (in a system prompt "you" is the agent). */
const FIRST_OR_SECOND_PERSON = /\b(I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll|me|my|mine|myself|we|we're|we’re|we've|us|our|ours|you|your|you're|you’re|yours)\b/;

const FIRST_PERSON = /\b(I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll|me|my|mine|myself|we|we're|we’re|we've|us|our|ours)\b/;

export function hasPersonLeftovers(text: string): boolean {
  const t = text.replace(/"[^"]*"|“[^”]*”/g, "");
  // What the user asks of the agent ("asks to always check step-free access when you suggest
  // places"): there "you" is the agent the summary is written for.
  const asks = /\basks (?:to|not to|for|that)\b/.exec(t);
  if (asks) return FIRST_OR_SECOND_PERSON.test(t.slice(0, asks.index)) || FIRST_PERSON.test(t.slice(asks.index));
  return FIRST_OR_SECOND_PERSON.test(t);
}

/** Cuts a long sentence at the last clause boundary before `max`. */
function clipClause(text: string, max: number): string {
  if (text.length <= max) return text;
  const window = text.slice(0, max);
  const cut = Math.max(window.lastIndexOf(", "), window.lastIndexOf("; "), window.lastIndexOf(" - "), window.lastIndexOf(" – "));
  if (cut > max * 0.4) return `${window.slice(0, cut).trimEnd()}.`;
  const space = window.lastIndexOf(" ");
  return `${window.slice(0, space > 0 ? space : max).replace(/[\s,;:–-]+$/, "")}…`;
}

/** Reply words and a short lead-in before the statement ("yes, this is important: …", "And …"). */
export function stripLeadIn(text: string): string {
  let t = text.trim();
  for (let i = 0; i < 3; i++) {
    const before = t;
    t = t.replace(/^(?:yes|yeah|yep|yup|nope|sure|totally|definitely|absolutely|exactly|well|ok|okay|actually|and|but|also|so|oh|good|great)\b[,!.:;]*\s+/i, "");
    // "No, …" is a reply; "No grapefruit …" says what not to do.
    t = t.replace(/^no\b[,!.:;]+\s+/i, "");
    // "Note that …", "Just so you know, …" (as the extractor drops them; excerpts keep them).
    t = t.replace(/^(?:(?:please )?note|just so you know|fyi|for the record|(?:just a )?heads up|for context)(?: that)?\b[:,!.…-]*\s+(?=\S)/i, "");
    // A whole reply before the statement ("yes please. Dev's son …").
    t = t.replace(/^([^.!?]{1,30}[.!?]+)\s+(?=\S)/, (m, sentence: string) => (isBareReply(sentence) || isFiller(sentence) ? "" : m));
    // "this is important: …", "to be honest: …" — not "Cilantro: …" (a topic).
    t = t.replace(/^[a-z][^.!?:"]{0,39}\s[^.!?:"]*:\s+(?=\S)/, (m) => (m.split(/\s+/).length <= 6 ? "" : m));
    // "Big news though: …", "Fun fact: …", "Quick update: …".
    t = t.replace(/^(?:(?:big|good|bad|great|some|exciting|fun|quick|small|little|side)\s+)?(?:news|change|fact|update|note|thing|heads up|fyi|ps|p\.s\.)(?:\s+(?:though|then|first|too))?\s*[:,!-]+\s+(?=\S)/i, "");
    if (t === before) break;
  }
  return t ? t.charAt(0).toUpperCase() + t.slice(1) : t;
}

/** How long the period of a resolved date lasts: a day, a week, a month or a year (ms). */
function periodOf(text: string): number | null {
  const m = /\((around |week of |weekend of )?(?:(\d{1,2}) )?([A-Z][a-z]+ )?(\d{4})\)/.exec(text);
  if (!m) return null;
  const day = 86_400_000;
  if (m[1] === "week of " || m[1] === "weekend of ") return 7 * day;
  if (m[2]) return day;
  return m[3] ? 31 * day : 366 * day;
}

/**
 * A plan or an event in progress, told when it was ahead ("Priya is speaking at the conference
 * next month (April 2025)"), in the past tense once its date has passed by `now` (the latest
 * thing the user said): "Priya was speaking at the conference in April 2025".
 */
export function pastTense(text: string, f: Pick<ModelFact, "validFrom">, now: Date | null): string {
  const period = periodOf(text);
  const from = f.validFrom ? Date.parse(f.validFrom) : NaN;
  if (!now || period === null || Number.isNaN(from) || from + period > now.getTime()) return text;
  return text
    .replace(/\b(is|are|am)\s+(?:going to|gonna)\s+/g, (_, be: string) => `${be === "are" ? "were" : "was"} going to `)
    .replace(/\bwill\s+(?!not\b)/g, "was going to ")
    .replace(/\b(is|are)\s+(?=(?:\w+ly\s+)?\w{2,}ing\b)/g, (_, be: string) => (be === "are" ? "were " : "was "));
}

/**
 * A sentence that opens by pointing at something it does not name ("It was made for a local
 * church.", "This pic's from 31 December.", "Here's one of the agencies Ash is looking into.")
 * reads in a conversation, next to what it points at, but not alone in a system prompt. "It"
 * as a placeholder subject ("It is important to Ash to …") reads alone.
 */
export function pointsOutside(text: string): boolean {
  const t = text.trim();
  if (/^(?:this|that|these|those|here)(?:['’]s)?\b/i.test(t)) return true;
  if (!/^it(?:['’]s)?\b/i.test(t)) return false;
  return !/^it(?:['’]s|\s+is|\s+was|\s+has\s+been|\s+will\s+be|\s+would\s+be|\s+feels|\s+felt)\s+(?:(?:so|really|very|super|quite|always|never|not)\s+)?\w+\s+(?:to|that|for\s+\S+\s+to|when|how)\b/i.test(t);
}

/** A sentence that only says how someone feels ("Tomás is pretty wrecked."). */
const FEELING =
  /^\S+(?: \S+)? (?:is|was|feels|felt|'s|’s) (?:(?:so|very|really|pretty|totally|completely|absolutely|a bit|a little|kind of|kinda|quite|still|just) )*(?:wrecked|devastated|heartbroken|crushed|gutted|sad|upset|happy|thrilled|excited|relieved|exhausted|shattered|broken|a mess|a wreck|over the moon|overjoyed|ecstatic|proud|grieving|numb)[.!]*$/i;

/** A fact as it reads in a summary, or null when it does not read as a statement about the user. */
export function summarySentence(f: ModelFact, subject: string | null, now: Date | null = null): string | null {
  return factSentence(f, subject, now);
}

function factSentence(f: ModelFact, subject: string | null, now: Date | null): string | null {
  const { context, body } = splitReply(f.text);
  const who = subject ? new RegExp(`(?<![\\p{L}\\p{N}])(${escapeRegExp(subject)}|User|the user|their|they)(?![\\p{L}\\p{N}])`, "u") : /\b(User|the user|their|they)\b/;
  let text: string;
  if (context !== null) {
    // A reply reads alone only when it names the user; else it needs the turn it answers,
    // which a summary shows only for a safety-critical fact.
    const own = stripLeadIn(body);
    // A fragment ("Mostly Ruth's garden and Ruth's grandchildren.") keeps the question it answers.
    const fragment = isFragment(own) && !isBareReply(own);
    if (who.test(own) && own.split(/\s+/).length >= 4 && !fragment) text = splitSentences(own)[0] ?? own;
    // What answered a remark, not a question, reads with it only when it keeps the user safe.
    else if (f.salience === "safety" || (fragment && /\?\s*$/.test(context))) text = `${/\?\s*$/.test(context) ? "Asked" : "Replying to"} "${context}", ${subject ?? "the user"} said: ${body}`;
    else return null;
  } else {
    // The sentence about the user, not a neighbour that came with it ("Boston was great.").
    const parts = splitSentences(stripLeadIn(body)).map(stripLeadIn);
    const first = Math.max(0, parts.findIndex((x) => who.test(x)));
    text = parts[first] ?? body;
    // A feeling reads with what caused it ("Mishka died last week. Kidney failure. Tomás is pretty wrecked.").
    if (first > 0 && FEELING.test(text)) text = parts.slice(0, first + 1).join(" ");
    // A sentence that points back ("… gave juice and he was ok") reads with the one before it.
    if (first > 0 && /\b(?:he|she|him|his|her|it)\b/i.test(text) && !/\b(?:he|she|him|his|her|it)\b/i.test(parts[first - 1]!)) text = `${parts[first - 1]} ${text}`;
    // Too short to say much, or ending on what the next sentence says ("… would have loved to see it. He passed in 2021.").
    if ((text.length < 40 || /\b(?:it|that|this|them)[.!]*$/i.test(text)) && parts[first + 1]) text = `${text} ${parts[first + 1]}`;
  }
  if (hasPersonLeftovers(context !== null ? body : text)) return null;
  // Statements about the user or someone in their life; not free-floating remarks.
  if (!who.test(text) && !f.entities.some((e) => e.relation)) return null;
  return sentence(clipClause(absoluteDates(pastTense(text, f, now)).replace(/!+$/, "."), MAX_FACT_CHARS));
}

/** The clauses of a safety-critical fact that carry the safety information: all, and the first. */
export function compactSafety(text: string): { compact: string; minimal: string } {
  const clauses = stripLeadIn(splitReply(text).body)
    .replace(/[.!]+$/, "")
    .split(/,\s+|;\s+|:\s+|\s+[-–—]\s+|\s+(?:so|but|because|since|which|although)\s+/)
    .map((c) => stripLeadIn(c))
    .filter(Boolean);
  const kept = clauses.filter((c) => isSafetyCritical(c));
  const use = kept.length ? kept : clauses.slice(0, 1);
  return { compact: sentence(clipClause(use.join(", "), 160)), minimal: sentence(clipClause(use[0] ?? text, 100)) };
}

function contentStems(text: string): Set<string> {
  return new Set(tokenize(text).map(stem).filter((s) => s.length > 2));
}

function similar(a: Set<string>, b: Set<string>): boolean {
  let inter = 0;
  for (const s of a) if (b.has(s)) inter++;
  const union = a.size + b.size - inter;
  return union > 0 && inter / union >= 0.5;
}

const SALIENCE_SCORE = { safety: 4, identity: 3, preference: 2, event: 0 } as const;

// --- Parts ------------------------------------------------------------------------------

const ROLE_KEY = /^(role|title|job|occupation|position): /i;
const COMPANY_KEY = /^(company|organization|organisation|employer): /i;

/** The offline summary as ordered parts (see `assembleSummary`). */
export function buildParts(inputs: SummaryInputs, at = new Date()): SummaryPart[] {
  const p = inputs.profile;
  const S = inputs.subject;
  const parts: SummaryPart[] = [];
  const seen: Set<string>[] = [];
  const used = new Set<string>();
  const fresh = (text: string) => {
    const stems = contentStems(text);
    if (seen.some((s) => similar(s, stems))) return false;
    seen.push(stems);
    return true;
  };

  // Who.
  const role = p.facts.find((f) => ROLE_KEY.test(f))?.replace(/^[^:]+: /, "");
  const company = p.facts.find((f) => COMPANY_KEY.test(f))?.replace(/^[^:]+: /, "");
  const roleText = `${role ?? ""}${company ? `${role ? " at " : "Works at "}${company}` : ""}`;
  if (inputs.name) parts.push({ text: sentence(`${inputs.name}${roleText ? `, ${roleText}` : ""}`), priority: 0 });
  else if (roleText) parts.push({ text: sentence(`The user: ${roleText}`), priority: 0 });

  const current = inputs.facts;
  // The conversation's present: the latest thing the user said (not the clock, so the same inputs give the same text).
  const said = current.map((f) => (f.saidAt ? Date.parse(f.saidAt) : NaN)).filter((x) => !Number.isNaN(x));
  const now = said.length ? new Date(Math.max(...said)) : null;
  // In the summary, a sentence that points at what it does not name is left out (Stage 3, which
  // also reads facts as sentences, shows them with their question: it keeps them).
  const summarySentence = (f: ModelFact, subject: string | null) => {
    const text = factSentence(f, subject, now);
    return text && pointsOutside(text) ? null : text;
  };
  const residence = current.find((f) => f.topic === "identity" && /\b(lives|living|moved|relocated|based|resides)\b/.test(f.text) && summarySentence(f, S));
  if (residence) {
    const text = summarySentence(residence, S)!;
    fresh(text);
    used.add(residence.id);
    parts.push({ text, priority: 1 });
  }
  const flag = inputs.flags.find((f) => f.trait === "timezone");
  const place: string[] = [];
  if (flag?.suggested) place.push(`Timezone: ${describeTimezone(flag.suggested, at)}, from the move (the stored ${flag.value} is outdated)`);
  else if (p.timezone && !flag) place.push(`Timezone: ${describeTimezone(p.timezone, at)}`);
  if (p.locale) place.push(`locale ${p.locale}`);
  if (place.length) parts.push({ text: sentence(place.join("; ")), priority: 3 });
  if (p.notes) parts.push({ text: sentence(`Notes: ${p.notes}`), priority: 2 });

  const identity = current.filter((f) => f.salience === "identity" && f !== residence && ["identity", "work", "family", "people"].includes(f.topic));
  for (const f of identity.slice(0, 6)) {
    const text = summarySentence(f, S);
    if (parts.filter((x) => x.priority === 4).length >= 3) break;
    if (text && fresh(text)) {
      used.add(f.id);
      parts.push({ text, priority: 4 });
    }
  }

  // Safety: always; the most urgent first (a summary cut short keeps them in this order).
  const safety = current.filter((x) => x.salience === "safety");
  const urgency = new Map(safety.map((f) => [f, safetyRank(f.text)]));
  for (const f of safety.sort((a, b) => urgency.get(a)! - urgency.get(b)!)) {
    let text = summarySentence(f, S) ?? sentence(f.text);
    // The sentence naming the user may not be the one that keeps someone safe ("Daniel and family
    // have a son, Owen, he's 7. He has a severe peanut allergy …"): never without that one.
    if (!isSafetyCritical(text)) {
      const critical = splitSentences(stripLeadIn(splitReply(f.text).body)).filter((x) => isSafetyCritical(x) && !text.includes(x.replace(/[.!]+$/, "")));
      if (critical.length) text = sentence(`${text.replace(/[.!]+$/, "")}. ${critical.join(" ").replace(/!+/g, ".")}`);
    }
    // What the safety statement goes on to name without a verb ("… a tree nut allergy. Cashews and
    // pistachios especially.") belongs to it.
    for (const x of splitSentences(stripLeadIn(splitReply(f.text).body))) {
      const said = x.replace(/[.!]+$/, "");
      if (isFragment(x) && !isBareReply(x) && said.split(/\s+/).length >= 2 && !text.includes(said)) text = sentence(`${text.replace(/[.!]+$/, "")}. ${said}`);
    }
    if (!fresh(text)) continue;
    parts.push({ text, group: "Safety", priority: 1, required: true, ...compactSafety(f.text) });
  }

  // What the purpose needs, then the rest, topic by topic.
  const focus = inputs.focus.topics;
  const order: TopicKey[] = [...focus, ...(["work", "family", "people", "communication", "schedule", "food", "goals", "interests", "travel", "health", "finances", "identity", "events", "other"] as TopicKey[]).filter((t) => !focus.includes(t))];
  order.forEach((topic, rank) => {
    const inTopic = current
      .filter((f) => f.topic === topic && f.salience !== "safety" && !used.has(f.id))
      // Someone in the user's life, and more so someone named ("Nadia's husband Alexei is a
      // paramedic" before "Nadia's mom is flying in").
      .map((f, i) => ({ f, i, score: SALIENCE_SCORE[f.salience] + (f.entities.some((e) => e.relation) ? 0.5 : 0) + (f.entities.some((e) => e.relation && e.name) ? 0.5 : 0) }))
      .sort((a, b) => b.score - a.score || a.i - b.i);
    let n = 0;
    for (const { f } of inTopic) {
      if (n >= MAX_FACTS_PER_TOPIC) break;
      if (f.salience === "event" && n >= 1) break; // one recent event at most per topic
      const text = summarySentence(f, S);
      if (!text || !fresh(text)) continue;
      const inFocus = rank < focus.length;
      parts.push({ text, group: TOPIC_LABEL[topic], priority: (inFocus ? 10 : 40) + rank * 2 + n * 0.5 + (f.salience === "event" ? 20 : 0) });
      n++;
    }
  });

  for (const d of inputs.documents) {
    parts.push({ text: sentence(d.text.length > 300 ? `${d.text.slice(0, 297).trimEnd()}…` : d.text), group: "Documents", priority: 80 });
  }
  const others = p.facts.filter((f) => !ROLE_KEY.test(f) && !COMPANY_KEY.test(f));
  if (others.length) parts.push({ text: sentence(`Other details: ${others.join("; ")}`), priority: 90 });
  return fitStored(parts);
}

/** Drops the lowest-priority parts until the whole summary fits the stored size. */
function fitStored(parts: SummaryPart[]): SummaryPart[] {
  const kept = [...parts];
  while (kept.length > 1 && renderParts(kept).length > STORED_MAX_CHARS) {
    let worst = -1;
    kept.forEach((p, i) => {
      if (!p.required && (worst < 0 || p.priority > kept[worst]!.priority)) worst = i;
    });
    if (worst < 0) break;
    kept.splice(worst, 1);
  }
  return kept;
}

type Form = "compact" | "minimal";

/** The parts as text, in order; a group's heading introduces its first part. */
export function renderParts(parts: SummaryPart[], forms?: ReadonlyMap<SummaryPart, Form>): string {
  let out = "";
  let group: string | undefined;
  for (const p of parts) {
    const form = forms?.get(p);
    let text = (form === "minimal" ? p.minimal ?? p.compact : form === "compact" ? p.compact : undefined) ?? p.text;
    if (p.group && p.group !== group) text = `${p.group}: ${text}`;
    group = p.group;
    out = out ? `${out} ${text}` : text;
  }
  return out;
}

/**
 * The summary within `max` characters: the required (safety) parts first — in compact, then
 * minimal form if need be —, then the others by priority, each only if it still fits; shown in
 * their order. Under MIN_COMPOSED_CHARS, or when nothing fits, the full text is cut instead.
 */
export function assembleSummary(parts: SummaryPart[], max: number): string {
  const full = renderParts(parts);
  if (full.length <= max) return full;
  if (max < MIN_COMPOSED_CHARS) return truncateSummary(full, max);
  const chosen = new Set<SummaryPart>();
  const forms = new Map<SummaryPart, Form>();
  const inOrder = () => parts.filter((p) => chosen.has(p));
  const fits = () => renderParts(inOrder(), forms).length <= max;
  const required = parts.filter((p) => p.required);
  const name = parts[0] && parts[0].priority === 0 ? parts[0] : null;
  if (name) chosen.add(name);
  for (const p of required) chosen.add(p);
  for (const form of ["compact", "minimal"] as const) {
    if (fits()) break;
    for (const p of required) forms.set(p, form);
  }
  if (!fits() && name) chosen.delete(name);
  if (!fits()) {
    // More safety facts than fit: as many as fit, in their order.
    chosen.clear();
    for (const p of required) {
      chosen.add(p);
      if (!fits()) chosen.delete(p);
    }
  }
  const rest = parts.map((p, i) => ({ p, i })).filter(({ p }) => !chosen.has(p)).sort((a, b) => a.p.priority - b.p.priority || a.i - b.i);
  for (const { p } of rest) {
    chosen.add(p);
    if (!fits()) chosen.delete(p);
  }
  if (chosen.size === 0) return truncateSummary(full, max);
  return renderParts(inOrder(), forms);
}

/** The offline summary text (all parts). */
export function composeSummary(inputs: SummaryInputs, at = new Date()): string {
  return renderParts(buildParts(inputs, at));
}

// --- LLM -----------------------------------------------------------------------------------

const LLM_SYSTEM = `You write a short profile of a person for an AI agent's system prompt.
Use only the facts given. Third person, present tense, plain sentences, no lists, no headings.
Order: who the person is first; then every safety-critical fact (allergies, medical or dietary
restrictions, accessibility needs) — never leave one out; then what matters for the agent's purpose;
then other preferences. Use only current facts. Never invent facts, never repeat one. At most 900 characters.`;

async function generateWithLlm(inputs: SummaryInputs): Promise<SummaryPart[]> {
  const llm = getLlm()!;
  const S = inputs.subject;
  const offline = buildParts(inputs);
  const safety = offline.filter((p) => p.required);
  const ranked = offline.filter((p) => !p.required && p.priority >= 4).sort((a, b) => a.priority - b.priority);
  const user = [
    `Purpose of the agent: ${inputs.purpose ?? "general assistance"} (focus: ${inputs.focus.label})`,
    `Who: ${offline.filter((p) => p.priority < 4).map((p) => p.text).join(" ") || S || "the user"}`,
    `Safety-critical facts:\n${safety.map((p) => `- ${p.text}`).join("\n") || "- (none)"}`,
    `Facts (most relevant first):\n${ranked.map((p) => `- ${p.group ? `[${p.group}] ` : ""}${p.text}`).join("\n") || "- (none yet)"}`,
  ].join("\n\n");
  const msg = await llm.chat({ messages: [{ role: "system", content: LLM_SYSTEM }, { role: "user", content: user }], temperature: 0 });
  const text = (msg.content ?? "").trim();
  if (!text) throw new Error("the model returned an empty summary");
  // The model's sentences are stored text: redacted like everything else (docs/privacy.md).
  const sentences = await redactTextsForStorage(splitSentences(text.slice(0, STORED_MAX_CHARS)));
  const parts: SummaryPart[] = sentences.map((s, i) => ({ text: s, priority: i }));
  // Safety facts the model wrote are kept at any length; those it left out are added.
  for (const p of safety) {
    const want = contentStems(p.compact ?? p.text);
    const hit = parts.find((x) => {
      const have = contentStems(x.text);
      let n = 0;
      for (const s of want) if (have.has(s)) n++;
      return want.size > 0 && n / want.size >= 0.5;
    });
    if (hit) Object.assign(hit, { required: true, compact: p.compact, minimal: p.minimal });
    else parts.splice(Math.min(1, parts.length), 0, { ...p, group: "Safety" });
  }
  return parts;
}

// --- Storage ---------------------------------------------------------------------------------

export function purposeKeyOf(purpose: string | null | undefined): string {
  return (purpose ?? "").trim().toLowerCase().replace(/\s+/g, " ").slice(0, 200);
}

/**
 * Stored summaries, kept in memory for a short time on the embedded database (ProcessCache):
 * GET /summary is read at every turn of an agent and changes only when the background job
 * writes it, which goes through `refreshSummary` here. A deleted user's entries cannot be
 * reached (the user is looked up first, and a user registered again gets a new id) and expire
 * with the TTL. On a Postgres server the cache is off and every request reads the row.
 */
const summaryCache = new ProcessCache<ProfileSummary>(30_000);
const summaryKey = (endUserId: string, purposeKey: string) => `${endUserId}\u0000${purposeKey}`;

/** The stored summary of a user and purpose key, or null (none stored yet). */
export function storedSummary(db: Database, endUserId: string, purposeKey: string): Promise<ProfileSummary | null> {
  return summaryCache.getOrLoad(summaryKey(endUserId, purposeKey), async () => {
    const [row] = await db
      .select()
      .from(profileSummaries)
      .where(and(eq(profileSummaries.endUserId, endUserId), eq(profileSummaries.purposeKey, purposeKey)));
    return row ?? null;
  });
}

/**
 * For a statement that reads the stored summary along with something else (`related`): the
 * summary it returns is remembered as `storedSummary` would, unless a summary was written
 * while it ran (such a read may predate the write, and is not kept).
 */
export async function readWithStoredSummary<T extends { related: ProfileSummary | null }>(read: () => Promise<T | null>): Promise<T | null> {
  const generation = summaryCache.currentGeneration();
  const result = await read();
  if (result?.related) summaryCache.remember(summaryKey(result.related.endUserId, result.related.purposeKey), result.related, generation);
  return result;
}

/**
 * Builds (or keeps) the stored summary for a user and purpose key. Same inputs, same stored
 * text: an unchanged input hash never regenerates.
 */
export async function refreshSummary(db: Database, user: EndUser, purposeArg: string | null): Promise<{ row: ProfileSummary; changed: boolean }> {
  // Stored as purpose and purpose_key: never raw (callers redact first; this is the backstop).
  const purposeParam = purposeArg === null ? null : redactText(purposeArg).text;
  const purposeKey = purposeKeyOf(purposeParam);
  const purpose = purposeKey ? purposeParam!.trim() : user.purpose;
  const llm = getLlm();
  const generator = llm ? `llm:${llm.model}` : "offline-v2";
  const inputs = await loadSummaryInputs(db, user, purpose);
  const hash = inputsHash(inputs, generator);
  const [existing] = await db
    .select()
    .from(profileSummaries)
    .where(and(eq(profileSummaries.endUserId, user.id), eq(profileSummaries.purposeKey, purposeKey)));
  if (existing && existing.inputsHash === hash) return { row: existing, changed: false };
  const parts = llm ? await generateWithLlm(inputs) : buildParts(inputs);
  const summary = renderParts(parts);
  const values = { summary, parts, inputsHash: hash, generator, purpose, generatedAt: new Date() };
  const [row] = await summaryCache.change(() =>
    db
      .insert(profileSummaries)
      .values({
        id: newId("sum"),
        workspaceId: user.workspaceId,
        environment: user.environment,
        endUserId: user.id,
        purposeKey,
        ...values,
      })
      .onConflictDoUpdate({ target: [profileSummaries.endUserId, profileSummaries.purposeKey], set: values })
      .returning(),
  );
  return { row: row!, changed: true };
}

/** Refreshes every stored purpose of a user (the background job after memories change). */
export async function refreshAllSummaries(db: Database, endUserId: string): Promise<number> {
  const [user] = await db.select().from(endUsers).where(eq(endUsers.id, endUserId));
  if (!user) return 0;
  const keys = await db
    .select({ key: profileSummaries.purposeKey, purpose: profileSummaries.purpose })
    .from(profileSummaries)
    .where(eq(profileSummaries.endUserId, endUserId));
  const purposes = new Map<string, string | null>([["", null]]);
  for (const k of keys) if (k.key) purposes.set(k.key, k.purpose);
  let changed = 0;
  for (const [, p] of purposes) if ((await refreshSummary(db, user, p)).changed) changed++;
  return changed;
}

/** The stored summary at `max` characters. */
export function summaryAt(row: Pick<ProfileSummary, "summary" | "parts">, max: number): string {
  return row.parts?.length ? assembleSummary(row.parts, max) : truncateSummary(row.summary, max);
}

/** Cuts at the last sentence end within `max`, else at a word, never longer than `max`. */
export function truncateSummary(text: string, max: number): string {
  if (text.length <= max) return text;
  const window = text.slice(0, max);
  const sentenceEnd = Math.max(window.lastIndexOf(". "), window.lastIndexOf("! "), window.lastIndexOf("? "));
  if (sentenceEnd > 0) return window.slice(0, sentenceEnd + 1);
  if (/[.!?]$/.test(window)) return window;
  const space = text.slice(0, max).lastIndexOf(" ");
  if (space > 0 && max >= 2) return `${text.slice(0, Math.min(space, max - 1)).trimEnd()}…`;
  return text.slice(0, max);
}
