import { and, count, eq, gte, max, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { endUsers, memories, searchIndex, stage3Entries, stage3Runs, type EndUser } from "@/db/schema";
import { getEmbeddingProvider } from "@/server/ai/embeddings";
import { getLlm } from "@/server/ai/llm";
import { newId } from "@/server/lib/ids";
import { normalizeText } from "@/server/memory/text";
import { searchUser, type Chunk } from "@/server/retrieval/chunks";
import { redactTextsForStorage } from "@/server/privacy/storage";
import { classifyPurpose, type PurposeKind } from "./purpose";

/** Stage 3 runs when a user's memory count reaches 5, 10, 20, 40, 80, … */
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
  topic: string;
}

/**
 * The offline question bank: general questions every profile gets, and purpose-specific
 * ones. Indexes are stable, so a later threshold refreshes the same entry.
 */
const BANK: (Stage3Question & { kinds?: PurposeKind[] })[] = [
  { index: 1, question: "What does the user do for work?", topic: "Work & career" },
  { index: 2, question: "What are the user's current goals and priorities?", topic: "Goals & priorities" },
  { index: 3, question: "How does the user prefer to communicate?", topic: "Communication" },
  { index: 4, question: "What does the user's schedule and daily routine look like?", topic: "Schedule & routines" },
  { index: 5, question: "What are the user's food preferences?", topic: "Food & dining" },
  { index: 6, question: "What are the user's hobbies and interests?", topic: "Interests" },
  { index: 7, question: "Who are the important people in the user's life?", topic: "Relationships" },
  { index: 8, question: "Where does the user live and travel?", topic: "Places & travel" },
  { index: 9, question: "What is the user's family situation?", topic: "Family" },
  { index: 10, question: "What are the user's health and fitness habits?", topic: "Health" },
  { index: 11, question: "What recent events or changes happened in the user's life?", topic: "Life events" },
  { index: 20, question: "What is the user's communication style in business?", topic: "Communication", kinds: ["sales"] },
  { index: 21, question: "What business decisions and priorities does the user have?", topic: "Goals & priorities", kinds: ["sales"] },
  { index: 22, question: "Who are the user's key professional relationships?", topic: "Relationships", kinds: ["sales"] },
  { index: 30, question: "When does the user prefer to have meetings?", topic: "Schedule & routines", kinds: ["scheduling"] },
  { index: 31, question: "What are the user's working hours and time zone?", topic: "Schedule & routines", kinds: ["scheduling"] },
  { index: 40, question: "What topics does the user write or care about?", topic: "Interests", kinds: ["content"] },
  { index: 41, question: "What is the user's writing style?", topic: "Communication", kinds: ["content"] },
  { index: 50, question: "What dietary restrictions or cuisines does the user have?", topic: "Food & dining", kinds: ["dining"] },
  { index: 60, question: "What problems has the user had with products or services?", topic: "Support history", kinds: ["support"] },
];

export function bankQuestions(purpose: string | null): Stage3Question[] {
  const kind = classifyPurpose(purpose).kind;
  return BANK.filter((q) => !q.kinds || q.kinds.includes(kind)).map(({ index, question, topic }) => ({ index, question, topic }));
}

/** Grounding for an answer: the user's memories and documents (never earlier answers). */
export async function findEvidence(db: Database, user: EndUser, question: string, k = 5): Promise<Chunk[]> {
  const r = await searchUser(db, user, [{ role: "user", content: question }], { k, threshold: 0.3, sources: ["memory", "document"] });
  return r.chunks;
}

const sentence = (s: string) => {
  const t = s.trim().replace(/\s+/g, " ");
  return /[.!?…]$/.test(t) ? t : `${t}.`;
};

/** The offline answer: the best evidence, memories first, in a few sentences. */
export function extractiveAnswer(evidence: Chunk[]): { answer: string; sourceIds: string[] } | null {
  // Memories say it best; raw conversation windows only when no memory matched. Evidence far
  // weaker than the best is left out rather than padding the answer.
  const hasMemory = evidence.some((c) => c.source === "memory");
  const top = Math.max(0, ...evidence.map((c) => c.score));
  const picked = evidence
    .filter((c) => !(hasMemory && c.id.startsWith("cnv_")) && c.score >= top * 0.6)
    .sort((a, b) => (a.source === "memory" ? 0 : 1) - (b.source === "memory" ? 0 : 1) || b.score - a.score)
    .slice(0, 3);
  if (!picked.length) return null;
  const seen = new Set<string>();
  const sentences: string[] = [];
  for (const c of picked) {
    const text = c.id.startsWith("cnv_") ? c.text.replace(/\n/g, " / ") : c.text;
    const s = sentence(text);
    if (!seen.has(s.toLowerCase())) {
      seen.add(s.toLowerCase());
      sentences.push(s);
    }
  }
  return { answer: sentences.join(" "), sourceIds: [...new Set(picked.flatMap((c) => c.source_ids))] };
}

const ANSWER_SYSTEM = `You answer a question about a user from facts an AI agent has stored about them.
Use only the facts given; cite nothing else. Answer in 1-4 plain sentences.
If the facts do not answer the question, reply exactly: UNKNOWN`;

export async function llmAnswer(question: string, evidence: Chunk[]): Promise<string | null> {
  const llm = getLlm()!;
  const facts = evidence.map((c, i) => `[${i + 1}] ${c.text}`).join("\n");
  const msg = await llm.chat({
    messages: [
      { role: "system", content: ANSWER_SYSTEM },
      { role: "user", content: `Question: ${question}\n\nFacts:\n${facts}` },
    ],
    temperature: 0,
  });
  const text = (msg.content ?? "").trim();
  return !text || /^UNKNOWN\b/i.test(text) ? null : text;
}

const questionsSchema = z.object({
  questions: z.array(z.object({ question: z.string().min(5).max(300), topic: z.string().min(1).max(60) })).min(1).max(15),
});

const QUESTIONS_SYSTEM = `You plan research about a user for an AI agent. Given the agent's purpose and a sample of
what is known, write up to 12 questions whose answers would help the agent most (preferences, routines,
relationships, goals, communication style, decisions). Group them by a short topic name.
Return JSON: {"questions": [{"question": "...", "topic": "..."}]}`;

/** Questions for this user: LLM-planned when a model is configured, else the curated bank. */
export async function planQuestions(db: Database, user: EndUser): Promise<Stage3Question[]> {
  const llm = getLlm();
  if (!llm) return bankQuestions(user.purpose);
  const sample = await db
    .select({ text: memories.text })
    .from(memories)
    .where(eq(memories.endUserId, user.id))
    .orderBy(sql`${memories.createdAt} desc`)
    .limit(40);
  const out = await llm.chatJson({
    name: "stage3-questions",
    system: QUESTIONS_SYSTEM,
    user: `Purpose: ${user.purpose ?? "general assistance"}\nKnown facts:\n${sample.map((m) => `- ${m.text}`).join("\n")}`,
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
    topic: q.topic,
  }));
}

export interface Stage3Answer {
  index: number;
  question: string;
  topic: string;
  answer: string;
  sourceIds: string[];
}

/** Answers one question from the user's memories and documents, or null when nothing answers it. */
export async function answerQuestion(db: Database, user: EndUser, q: Stage3Question): Promise<Stage3Answer | null> {
  const evidence = await findEvidence(db, user, q.question);
  if (!evidence.length) return null;
  if (getLlm()) {
    const answer = await llmAnswer(q.question, evidence);
    return answer ? { ...q, answer, sourceIds: [...new Set(evidence.flatMap((c) => c.source_ids))] } : null;
  }
  const a = extractiveAnswer(evidence);
  return a ? { ...q, answer: a.answer, sourceIds: a.sourceIds } : null;
}

/**
 * Stores answers as Stage 3 entries, embedded and searchable. An existing entry for the same
 * question is refreshed in place (version + 1), never duplicated.
 */
export async function storeStage3Answers(
  db: Database,
  user: EndUser,
  answers: Stage3Answer[],
  threshold: number,
  origin: "stage3" | "query" = "stage3",
): Promise<string[]> {
  if (!answers.length) return [];
  answers = await redactStage3Answers(answers);
  const embedder = getEmbeddingProvider();
  const texts = answers.map((a) => `Q: ${a.question}\nA: ${a.answer}`);
  const vectors = await embedder.embed([...texts, ...answers.map((a) => a.question)]);
  const now = new Date();
  const ids: string[] = [];
  await db.transaction(async (tx) => {
    for (const [i, a] of answers.entries()) {
      const scope = { workspaceId: user.workspaceId, environment: user.environment, endUserId: user.id };
      const values = {
        question: a.question,
        answer: a.answer,
        topic: a.topic,
        text: texts[i]!,
        sourceIds: a.sourceIds,
        threshold,
        origin,
        questionEmbedding: vectors[answers.length + i]!,
        questionEmbeddingModel: embedder.model,
        updatedAt: now,
      };
      const [row] = await tx
        .insert(stage3Entries)
        .values({ id: newId("stage3"), ...scope, questionIndex: a.index, ...values, createdAt: now })
        .onConflictDoUpdate({
          target: [stage3Entries.endUserId, stage3Entries.questionIndex],
          set: { ...values, version: sql`${stage3Entries.version} + 1` },
        })
        .returning({ id: stage3Entries.id });
      const search = {
        text: texts[i]!,
        sourceIds: a.sourceIds,
        extra: { question_index: a.index, question: a.question, answer: a.answer },
        embedding: vectors[i]!,
        embeddingModel: embedder.model,
        updatedAt: now,
      };
      await tx
        .insert(searchIndex)
        .values({ id: row!.id, ...scope, source: "stage3", stage3Id: row!.id, ...search, createdAt: now })
        .onConflictDoUpdate({ target: searchIndex.id, set: search });
      ids.push(row!.id);
    }
  });
  return ids;
}

/** Questions, topics and answers are stored text: redacted like everything else (docs/privacy.md). */
async function redactStage3Answers(answers: Stage3Answer[]): Promise<Stage3Answer[]> {
  const texts = await redactTextsForStorage(answers.flatMap((a) => [a.question, a.topic, a.answer]));
  return answers.map((a, i) => ({ ...a, question: texts[3 * i]!, topic: texts[3 * i + 1]!, answer: texts[3 * i + 2]! }));
}

export async function memoryCount(db: Database, endUserId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(memories).where(eq(memories.endUserId, endUserId));
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

/** The next index for an ad-hoc /query answer (1000+, after the planned questions). */
export async function nextQueryIndex(db: Database, endUserId: string): Promise<number> {
  const [row] = await db
    .select({ m: max(stage3Entries.questionIndex) })
    .from(stage3Entries)
    .where(and(eq(stage3Entries.endUserId, endUserId), gte(stage3Entries.questionIndex, 1000)));
  return (row?.m ?? 999) + 1;
}
