import { createHash } from "node:crypto";
import { and, count, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { endUsers, memories, searchIndex, stage3Entries, stage3Runs, type EndUser } from "@/db/schema";
import { getEmbeddingProvider } from "@/server/ai/embeddings";
import { getLlm } from "@/server/ai/llm";
import { newId } from "@/server/lib/ids";
import { normalizeText } from "@/server/memory/text";
import { redactTextsForStorage } from "@/server/privacy/storage";
import { concernsEating, isTopicKey, TOPIC_KEYS, TOPIC_LABEL, type TopicKey } from "@/server/memory/facts";
import { composePeople, type Candidate } from "./answer";
import { collectEntities, firstNameOf, loadFacts, userDisplayName, type ModelFact } from "./model";
import { classifyPurpose, type PurposeKind } from "./purpose";
import { summarySentence } from "./summary";

/**
 * Stage 3, on the user model: questions per topic that the purpose cares about, each answered
 * only from the facts of its topic (an answer that cites no fact is not stored), refreshed when
 * those facts change. Runs when a user's memory count reaches 5, 10, 20, 40, 80, …
 */
export const STAGE3_FIRST_THRESHOLD = 5;

export function thresholdFor(memoryCount: number): number | null {
  if (memoryCount < STAGE3_FIRST_THRESHOLD) return null;
  let t = STAGE3_FIRST_THRESHOLD;
  while (t * 2 <= memoryCount) t *= 2;
  return t;
}

export interface Stage3Question {
  index: number;
  question: string;
  /** The taxonomy topics whose facts answer it. */
  topics: TopicKey[];
  /** Safety-critical facts (of any topic) answer it too: food questions must know allergies. */
  withSafety?: boolean;
  /** Answered as a list of people with their relation. */
  people?: boolean;
}

/**
 * The offline question bank: general questions every profile gets, and purpose-specific
 * ones. Indexes are stable, so a later run refreshes the same entry.
 */
const BANK: (Stage3Question & { kinds?: PurposeKind[] })[] = [
  { index: 1, question: "What does the user do for work?", topics: ["work"] },
  { index: 2, question: "What are the user's current goals and priorities?", topics: ["goals"] },
  { index: 3, question: "How does the user prefer to communicate?", topics: ["communication"] },
  { index: 4, question: "What does the user's schedule and daily routine look like?", topics: ["schedule"] },
  { index: 5, question: "What are the user's food preferences?", topics: ["food"], withSafety: true },
  { index: 6, question: "What are the user's hobbies and interests?", topics: ["interests"] },
  { index: 7, question: "Who are the important people in the user's life?", topics: ["people", "family", "work"], people: true },
  { index: 8, question: "Where does the user live and travel?", topics: ["identity", "travel"] },
  { index: 9, question: "What is the user's family situation?", topics: ["family"] },
  { index: 10, question: "What are the user's health and fitness habits?", topics: ["health"] },
  { index: 11, question: "What recent events or changes happened in the user's life?", topics: ["events"] },
  { index: 20, question: "What is the user's communication style in business?", topics: ["communication"], kinds: ["sales"] },
  { index: 21, question: "What business decisions and priorities does the user have?", topics: ["work", "goals"], kinds: ["sales"] },
  { index: 22, question: "Who are the user's key professional relationships?", topics: ["work", "people"], people: true, kinds: ["sales"] },
  { index: 30, question: "When does the user prefer to have meetings?", topics: ["schedule"], kinds: ["scheduling"] },
  { index: 31, question: "What are the user's working hours and time zone?", topics: ["schedule", "identity"], kinds: ["scheduling"] },
  { index: 40, question: "What topics does the user write or care about?", topics: ["interests"], kinds: ["content"] },
  { index: 41, question: "What is the user's writing style?", topics: ["communication"], kinds: ["content"] },
  { index: 50, question: "What dietary restrictions or cuisines does the user have?", topics: ["food", "health"], withSafety: true, kinds: ["dining"] },
  { index: 60, question: "What problems has the user had with products or services?", topics: ["work", "other"], kinds: ["support"] },
];

export function bankQuestions(purpose: string | null): Stage3Question[] {
  const kind = classifyPurpose(purpose).kind;
  return BANK.filter((q) => !q.kinds || q.kinds.includes(kind)).map(({ kinds: _kinds, ...q }) => q);
}

/** The label a question's entry is filed under (its first topic). */
export const topicLabel = (q: Pick<Stage3Question, "topics">) => TOPIC_LABEL[q.topics[0] ?? "other"];

/**
 * The current facts that may answer a question: its topics' and, when asked, the safety-critical
 * ones (for a food question only those about eating: an allergy, not a medication).
 */
export function evidenceFor(q: Stage3Question, facts: ModelFact[]): ModelFact[] {
  const safety = (f: ModelFact) => q.withSafety && f.salience === "safety" && (q.topics.includes("health") || concernsEating(f.text));
  return facts.filter((f) => f.status === "current" && (q.topics.includes(f.topic) || safety(f)));
}

/** Identifies the state of a question's evidence: a change to any of its facts changes it. */
export function factsHash(facts: ModelFact[]): string {
  const key = facts.map((f) => `${f.id}:${f.updatedAt}`).sort().join("|");
  return createHash("sha256").update(key).digest("hex");
}

export interface Stage3Answer {
  index: number;
  question: string;
  topic: string;
  topicKey: TopicKey;
  answer: string;
  factIds: string[];
  sourceIds: string[];
  factsHash: string;
}

const RANK = { safety: 3, identity: 2, preference: 1, event: 0 } as const;

/** Offline: the question's best facts (safety first, then stable facts, newest first), in a few sentences. */
export function composeTopicAnswer(q: Stage3Question, facts: ModelFact[], subject: string | null): { answer: string; used: ModelFact[] } | null {
  if (q.people) {
    const byId = new Map(facts.map((f) => [f.id, f]));
    const people = collectEntities(facts)
      .filter((e) => e.type === "person" && e.relation && e.factIds.some((id) => byId.has(id)))
      .map((e) => ({ name: e.name, relation: e.relation, facts: e.factIds.flatMap((id) => (byId.has(id) ? [toCandidate(byId.get(id)!)] : [])) }));
    const composed = composePeople(people, subject);
    if (!composed) return null;
    return { answer: composed.answer, used: composed.used.map((c) => byId.get(c.id)!).filter(Boolean) };
  }
  const ranked = [...facts].sort(
    (a, b) => RANK[b.salience] - RANK[a.salience] || (b.validFrom ?? "").localeCompare(a.validFrom ?? "") || a.id.localeCompare(b.id),
  );
  const sentences: string[] = [];
  const used: ModelFact[] = [];
  let length = 0;
  for (const f of ranked) {
    const s = summarySentence(f, subject);
    if (!s || sentences.includes(s)) continue;
    if (length + s.length > 400 && sentences.length) break;
    sentences.push(s);
    used.push(f);
    length += s.length + 1;
    if (sentences.length >= 4) break;
  }
  return sentences.length ? { answer: sentences.join(" "), used } : null;
}

const toCandidate = (f: ModelFact): Candidate => ({
  id: f.id,
  text: f.text,
  sourceIds: f.sourceIds,
  score: 1,
  source: "memory",
  kind: "fact",
  saidAt: f.saidAt,
  validFrom: f.validFrom,
  status: f.status,
  entities: f.entities,
});

const ANSWER_SYSTEM = `You answer a question about a user from numbered facts an AI agent has stored about them.
Use only the facts given. Answer in 1-4 plain sentences, in the third person.
Return JSON: {"answer": "...", "facts": [numbers of the facts you used]}.
If the facts do not answer the question, return {"answer": "UNKNOWN", "facts": []}.`;

const llmAnswerSchema = z.object({
  answer: z.string(),
  facts: z.array(z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)])).default([]),
});

async function llmTopicAnswer(question: string, facts: ModelFact[]): Promise<{ answer: string; used: ModelFact[] } | null> {
  const llm = getLlm()!;
  const list = facts.slice(0, 40);
  const out = await llm.chatJson({
    name: "stage3-answer",
    system: ANSWER_SYSTEM,
    user: `Question: ${question}\n\nFacts:\n${list.map((f, i) => `[${i + 1}] ${f.text}`).join("\n")}`,
    schema: llmAnswerSchema,
  });
  const used = [...new Set(out.facts)].map((n) => list[n - 1]).filter((f): f is ModelFact => Boolean(f));
  const answer = out.answer.trim();
  // No citation, no answer: what the model cannot point at in the facts is not stored.
  if (!answer || /^UNKNOWN\b/i.test(answer) || !used.length) return null;
  return { answer, used };
}

/** Answers one question from its topic's facts, or null when they do not answer it. */
export async function answerQuestion(q: Stage3Question, facts: ModelFact[], subject: string | null): Promise<Stage3Answer | null> {
  const evidence = evidenceFor(q, facts);
  if (!evidence.length) return null;
  const a = getLlm() ? await llmTopicAnswer(q.question, evidence) : composeTopicAnswer(q, evidence, subject);
  if (!a || !a.used.length) return null;
  return {
    index: q.index,
    question: q.question,
    topic: topicLabel(q),
    topicKey: q.topics[0]!,
    answer: a.answer,
    factIds: a.used.map((f) => f.id),
    sourceIds: [...new Set(a.used.flatMap((f) => f.sourceIds))],
    factsHash: factsHash(evidence),
  };
}

const questionsSchema = z.object({
  questions: z
    .array(
      z.object({
        question: z.string().min(5).max(300),
        topic: z.string().transform((t) => t.trim().toLowerCase()).pipe(z.enum(TOPIC_KEYS as [TopicKey, ...TopicKey[]])),
      }),
    )
    .min(1)
    .max(15),
});

const QUESTIONS_SYSTEM = `You plan research about a user for an AI agent. Given the agent's purpose and a sample of
what is known, write up to 12 questions whose answers would help the agent most (preferences, routines,
relationships, goals, communication style, decisions). File each under one topic key from this list:
${TOPIC_KEYS.join(", ")}.
Return JSON: {"questions": [{"question": "...", "topic": "<topic key>"}]}`;

/** Questions for this user: LLM-planned (filed under taxonomy topics) when a model is configured, else the bank. */
export async function planQuestions(db: Database, user: EndUser, facts: ModelFact[]): Promise<Stage3Question[]> {
  const llm = getLlm();
  if (!llm) return bankQuestions(user.purpose);
  const sample = facts.filter((f) => f.status === "current").slice(0, 40);
  const out = await llm.chatJson({
    name: "stage3-questions",
    system: QUESTIONS_SYSTEM,
    user: `Purpose: ${user.purpose ?? "general assistance"}\nKnown facts:\n${sample.map((f) => `- [${f.topic}] ${f.text}`).join("\n")}`,
    schema: questionsSchema,
  });
  // Keep indexes stable across runs: a question asked before keeps its index.
  const existing = await db
    .select({ index: stage3Entries.questionIndex, question: stage3Entries.question })
    .from(stage3Entries)
    .where(eq(stage3Entries.endUserId, user.id));
  const byText = new Map(existing.map((e) => [normalizeText(e.question), e.index]));
  let next = Math.max(100, ...existing.filter((e) => e.index < 1000).map((e) => e.index + 1));
  return out.questions.slice(0, 12).map((q) => ({
    index: byText.get(normalizeText(q.question)) ?? next++,
    question: q.question,
    topics: [q.topic],
    withSafety: q.topic === "food" || q.topic === "health",
  }));
}

/**
 * Stores answers as Stage 3 entries, embedded and searchable. An existing entry for the same
 * question is refreshed in place (version + 1), never duplicated.
 */
export async function storeStage3Answers(db: Database, user: EndUser, answers: Stage3Answer[], threshold: number): Promise<string[]> {
  if (!answers.length) return [];
  answers = await redactStage3Answers(answers);
  const embedder = getEmbeddingProvider();
  const texts = answers.map((a) => `Q: ${a.question}\nA: ${a.answer}`);
  const vectors = await embedder.embed([...texts, ...answers.map((a) => a.question)]);
  const now = new Date();
  const scope = { workspaceId: user.workspaceId, environment: user.environment, endUserId: user.id };
  // One row per question: a repeated index keeps the later answer (as one upsert after another would).
  const last = new Map(answers.map((a, i) => [a.index, i]));
  const rows = answers.flatMap((a, i) =>
    last.get(a.index) !== i
      ? []
      : [
          {
            id: newId("stage3"),
            ...scope,
            questionIndex: a.index,
            question: a.question,
            answer: a.answer,
            topic: a.topic,
            topicKey: a.topicKey,
            text: texts[i]!,
            sourceIds: a.sourceIds,
            factIds: a.factIds,
            factsHash: a.factsHash,
            threshold,
            origin: "stage3",
            questionEmbedding: vectors[answers.length + i]!,
            questionEmbeddingModel: embedder.model,
            createdAt: now,
            updatedAt: now,
          },
        ],
  );
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  return db.transaction(async (tx) => {
    // An existing entry for the question is refreshed in place (same id, version + 1).
    const stored = await tx
      .insert(stage3Entries)
      .values(rows)
      .onConflictDoUpdate({
        target: [stage3Entries.endUserId, stage3Entries.questionIndex],
        set: {
          question: excluded("question"),
          answer: excluded("answer"),
          topic: excluded("topic"),
          topicKey: excluded("topic_key"),
          text: excluded("text"),
          sourceIds: excluded("source_ids"),
          factIds: excluded("fact_ids"),
          factsHash: excluded("facts_hash"),
          threshold: excluded("threshold"),
          origin: excluded("origin"),
          questionEmbedding: excluded("question_embedding"),
          questionEmbeddingModel: excluded("question_embedding_model"),
          updatedAt: excluded("updated_at"),
          version: sql`${stage3Entries.version} + 1`,
        },
      })
      .returning({ id: stage3Entries.id, questionIndex: stage3Entries.questionIndex });
    const idOf = new Map(stored.map((r) => [r.questionIndex, r.id]));
    await tx
      .insert(searchIndex)
      .values(
        rows.map((r) => {
          const i = last.get(r.questionIndex)!;
          const a = answers[i]!;
          const id = idOf.get(r.questionIndex)!;
          return {
            id,
            ...scope,
            source: "stage3" as const,
            stage3Id: id,
            text: texts[i]!,
            sourceIds: a.sourceIds,
            extra: { question_index: a.index, question: a.question, answer: a.answer },
            embedding: vectors[i]!,
            embeddingModel: embedder.model,
            createdAt: now,
            updatedAt: now,
          };
        }),
      )
      .onConflictDoUpdate({
        target: searchIndex.id,
        set: {
          text: excluded("text"),
          sourceIds: excluded("source_ids"),
          extra: excluded("extra"),
          embedding: excluded("embedding"),
          embeddingModel: excluded("embedding_model"),
          updatedAt: excluded("updated_at"),
        },
      });
    // The stored ids in the order of the answers given (a repeated question: its one entry).
    return answers.map((a) => idOf.get(a.index)!);
  });
}

/** Questions, topics and answers are stored text: redacted like everything else (docs/privacy.md). */
async function redactStage3Answers(answers: Stage3Answer[]): Promise<Stage3Answer[]> {
  const texts = await redactTextsForStorage(answers.flatMap((a) => [a.question, a.topic, a.answer]));
  return answers.map((a, i) => ({ ...a, question: texts[3 * i]!, topic: texts[3 * i + 1]!, answer: texts[3 * i + 2]! }));
}

/**
 * Re-answers the stored Stage 3 entries whose topic facts changed since they were answered
 * (new, superseded or deleted facts); an entry whose facts no longer answer it is removed.
 * Returns how many entries changed.
 */
export async function refreshStage3(db: Database, user: EndUser): Promise<number> {
  const entries = await db
    .select()
    .from(stage3Entries)
    .where(and(eq(stage3Entries.endUserId, user.id), lt(stage3Entries.questionIndex, 1000)));
  if (!entries.length) return 0;
  const { facts } = await loadFacts(db, user.id);
  const subject = firstNameOf(userDisplayName(user.traits));
  const bank = new Map(BANK.map((q) => [q.index, q]));
  const changed: Stage3Answer[] = [];
  const gone: string[] = [];
  for (const e of entries) {
    const known = bank.get(e.questionIndex);
    const topicKey = e.topicKey && isTopicKey(e.topicKey) ? e.topicKey : "other";
    const q: Stage3Question = known && known.question === e.question
      ? known
      : { index: e.questionIndex, question: e.question, topics: [topicKey], withSafety: topicKey === "food" || topicKey === "health" };
    if (factsHash(evidenceFor(q, facts)) === e.factsHash) continue;
    const a = await answerQuestion(q, facts, subject);
    if (a) changed.push(a);
    else gone.push(e.id);
  }
  if (gone.length) await db.delete(stage3Entries).where(and(eq(stage3Entries.endUserId, user.id), inArray(stage3Entries.id, gone)));
  const threshold = Math.max(0, ...entries.map((e) => e.threshold));
  await storeStage3Answers(db, user, changed, threshold);
  return changed.length + gone.length;
}

/** Memories that are facts about the user (remarks do not count toward thresholds). */
export async function memoryCount(db: Database, endUserId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(memories)
    .where(and(eq(memories.endUserId, endUserId), eq(memories.kind, "fact")));
  return row?.n ?? 0;
}

/** The threshold a user has newly reached, if its Stage 3 run has not happened yet. */
export async function pendingThreshold(db: Database, endUserId: string): Promise<number | null> {
  const t = thresholdFor(await memoryCount(db, endUserId));
  if (t === null) return null;
  const [done] = await db
    .select({ n: count() })
    .from(stage3Runs)
    .where(and(eq(stage3Runs.endUserId, endUserId), gte(stage3Runs.threshold, t)));
  return done && done.n > 0 ? null : t;
}

/** Claims the run for (user, threshold); false when it already exists (idempotent). */
export async function startStage3Run(db: Database, user: EndUser, threshold: number): Promise<string | null> {
  const [row] = await db
    .insert(stage3Runs)
    .values({ id: newId("s3run"), workspaceId: user.workspaceId, environment: user.environment, endUserId: user.id, threshold })
    .onConflictDoNothing()
    .returning({ id: stage3Runs.id });
  return row?.id ?? null;
}

export async function finishStage3Run(db: Database, runId: string, questions: number, error?: string): Promise<void> {
  await db
    .update(stage3Runs)
    .set({ status: error ? "failed" : "done", questions, error: error ?? null, finishedAt: new Date() })
    .where(eq(stage3Runs.id, runId));
}

export async function loadEndUser(db: Database, endUserId: string): Promise<EndUser | null> {
  const [user] = await db.select().from(endUsers).where(eq(endUsers.id, endUserId));
  return user ?? null;
}
