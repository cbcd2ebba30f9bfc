import { createHash } from "node:crypto";
import { and, desc, eq, ne } from "drizzle-orm";
import type { Database } from "@/db/client";
import { documentChunks, documents, endUsers, memories, profileSummaries, type EndUser, type ProfileSummary } from "@/db/schema";
import { conceptsOf } from "@/server/ai/embeddings";
import { getLlm } from "@/server/ai/llm";
import { newId } from "@/server/lib/ids";
import { redactText } from "@/server/privacy/redact";
import { classifyPurpose, type PurposeFocus } from "./purpose";
import { describeTimezone, normalizeTraits, type Profile } from "./traits";

/** Bump when the composition changes, so stored summaries are rebuilt. */
const SUMMARY_VERSION = 1;
const STORED_MAX_CHARS = 2000;
const MEMORY_LIMIT = 300;

export interface SummaryInputs {
  name: string | null;
  profile: Profile;
  purpose: string | null;
  focus: PurposeFocus;
  memories: { id: string; text: string; createdAt: string; updatedAt: string }[];
  documents: { id: string; title: string | null; text: string; version: number }[];
}

/** Everything a summary is built from, in a stable order. */
export async function loadSummaryInputs(db: Database, user: EndUser, purpose: string | null): Promise<SummaryInputs> {
  const mems = await db
    .select({ id: memories.id, text: memories.text, createdAt: memories.createdAt, updatedAt: memories.updatedAt })
    .from(memories)
    .where(eq(memories.endUserId, user.id))
    .orderBy(desc(memories.createdAt), desc(memories.id))
    .limit(MEMORY_LIMIT);
  const docs = await db
    .select({ id: documents.id, title: documents.title, version: documents.version, text: documentChunks.text })
    .from(documents)
    .innerJoin(documentChunks, and(eq(documentChunks.documentId, documents.id), eq(documentChunks.chunkIndex, 0)))
    .where(and(eq(documents.endUserId, user.id), ne(documents.documentType, "message_history")))
    .orderBy(desc(documents.updatedAt), desc(documents.id))
    .limit(5);
  const profile = normalizeTraits(user.traits);
  return {
    name: profile.name ?? null,
    profile,
    purpose,
    focus: classifyPurpose(purpose),
    memories: mems.map((m) => ({ id: m.id, text: m.text, createdAt: m.createdAt.toISOString(), updatedAt: m.updatedAt.toISOString() })),
    documents: docs,
  };
}

export function inputsHash(inputs: SummaryInputs, generator: string): string {
  const key = {
    v: SUMMARY_VERSION,
    generator,
    purpose: inputs.purpose,
    profile: inputs.profile,
    memories: inputs.memories.map((m) => [m.id, m.updatedAt]),
    documents: inputs.documents.map((d) => [d.id, d.version]),
  };
  return createHash("sha256").update(JSON.stringify(key)).digest("hex");
}

/**
 * Memories ranked by what the purpose cares about: facts touching the focus concepts first
 * (earlier concepts weigh more), then the rest, newest first. Deterministic.
 */
export function rankMemories(inputs: SummaryInputs): SummaryInputs["memories"] {
  const weight = new Map(inputs.focus.concepts.map((c, i) => [c, inputs.focus.concepts.length - i]));
  return inputs.memories
    .map((m, i) => ({ m, i, score: conceptsOf(m.text).reduce((s, c) => s + (weight.get(c) ?? 0), 0) }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((x) => x.m);
}

const sentence = (s: string) => {
  const t = s.trim().replace(/\s+/g, " ");
  return /[.!?…]$/.test(t) ? t : `${t}.`;
};

/** The offline summary: a deterministic composition of the profile and the ranked facts. */
export function composeSummary(inputs: SummaryInputs, at = new Date()): string {
  const p = inputs.profile;
  const who = p.name ?? "The user";
  const parts: string[] = [];
  const role = p.facts.find((f) => /^(role|title|job|occupation|position): /i.test(f))?.replace(/^[^:]+: /, "");
  const company = p.facts.find((f) => /^(company|organization|employer): /i.test(f))?.replace(/^[^:]+: /, "");
  parts.push(sentence(`${who}${role ? `, ${role}` : ""}${company ? ` at ${company}` : ""}`));
  if (p.notes) parts.push(sentence(`Notes: ${p.notes}`));
  const place: string[] = [];
  if (p.timezone) place.push(`Timezone: ${describeTimezone(p.timezone, at)}`);
  if (p.locale) place.push(`locale ${p.locale}`);
  if (place.length) parts.push(sentence(place.join("; ")));
  if (inputs.purpose) parts.push(sentence(`Profile focused on ${inputs.focus.label}`));

  const facts = rankMemories(inputs);
  const seen = new Set<string>();
  for (const m of facts) {
    const s = sentence(m.text);
    const key = s.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(s);
  }
  for (const d of inputs.documents) parts.push(sentence(d.text.length > 300 ? `${d.text.slice(0, 297).trimEnd()}…` : d.text));
  const others = p.facts.filter((f) => !/^(role|title|job|occupation|position|company|organization|employer): /i.test(f));
  if (others.length) parts.push(sentence(`Other details: ${others.join("; ")}`));

  let out = "";
  for (const s of parts) {
    if ((out ? out.length + 1 : 0) + s.length > STORED_MAX_CHARS) break;
    out = out ? `${out} ${s}` : s;
  }
  return out;
}

const LLM_SYSTEM = `You write a short profile of a person for an AI agent's system prompt.
Use only the facts given. Third person, present tense, plain sentences, no lists, no headings.
Lead with what matters most for the agent's purpose. Mention concrete preferences, routines,
goals and relationships when known. Never invent facts. At most 900 characters.`;

async function generateWithLlm(inputs: SummaryInputs): Promise<string> {
  const llm = getLlm()!;
  const facts = rankMemories(inputs).slice(0, 60);
  const user = [
    `Purpose of the agent: ${inputs.purpose ?? "general assistance"} (focus: ${inputs.focus.label})`,
    `Profile: ${JSON.stringify(inputs.profile)}`,
    `Facts (most relevant first):\n${facts.map((m) => `- ${m.text}`).join("\n") || "- (none yet)"}`,
    inputs.documents.length ? `Documents:\n${inputs.documents.map((d) => `- ${d.text.slice(0, 400)}`).join("\n")}` : "",
  ]
    .filter(Boolean)
    .join("\n\n");
  const msg = await llm.chat({ messages: [{ role: "system", content: LLM_SYSTEM }, { role: "user", content: user }], temperature: 0 });
  const text = (msg.content ?? "").trim();
  if (!text) throw new Error("the model returned an empty summary");
  return text.slice(0, STORED_MAX_CHARS);
}

export function purposeKeyOf(purpose: string | null | undefined): string {
  return (purpose ?? "").trim().toLowerCase().replace(/\s+/g, " ").slice(0, 200);
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
  const generator = llm ? `llm:${llm.model}` : "offline-v1";
  const inputs = await loadSummaryInputs(db, user, purpose);
  const hash = inputsHash(inputs, generator);
  const [existing] = await db
    .select()
    .from(profileSummaries)
    .where(and(eq(profileSummaries.endUserId, user.id), eq(profileSummaries.purposeKey, purposeKey)));
  if (existing && existing.inputsHash === hash) return { row: existing, changed: false };
  const summary = llm ? await generateWithLlm(inputs) : composeSummary(inputs);
  const values = { summary, inputsHash: hash, generator, purpose, generatedAt: new Date() };
  const [row] = await db
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
    .returning();
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
