import { asc, eq } from "drizzle-orm";
import {
  documents,
  ingestions,
  memories,
  memoryVersions,
  messages,
  profileSources,
  profileSummaries,
  queryAnswers,
  stage3Entries,
} from "@/db/schema";
import { memoryJson, versionJson } from "@/server/memory/json";
import type { ServiceContext } from "@/server/service/context";
import { displayName } from "./list";
import { requireEndUser } from "./find";

/**
 * GET /users/{user_id}/export: everything Pio holds about the user, as one JSON document —
 * the user and their traits, every message and document as stored (redacted), every memory
 * with its history, the summaries, Stage 3 answers, cached /query answers, ingestions and
 * enrichment results. What is derived from these and meaningless alone (document chunks,
 * vectors, search terms) is left out; docs/api.md says so.
 */
export async function exportUser(ctx: ServiceContext, input: { user_id: string }) {
  const user = await requireEndUser(ctx.db, ctx.scope, input.user_id);
  const { db } = ctx;
  const [msgs, docs, mems, versions, summaries, stage3, answers, ings, sources] = await Promise.all([
    db.select().from(messages).where(eq(messages.endUserId, user.id)).orderBy(asc(messages.timestamp), asc(messages.id)),
    db.select().from(documents).where(eq(documents.endUserId, user.id)).orderBy(asc(documents.createdAt), asc(documents.id)),
    db
      .select({ memory: memories, source: ingestions.source })
      .from(memories)
      .leftJoin(ingestions, eq(ingestions.id, memories.ingestionId))
      .where(eq(memories.endUserId, user.id))
      .orderBy(asc(memories.createdAt), asc(memories.id)),
    db.select().from(memoryVersions).where(eq(memoryVersions.endUserId, user.id)).orderBy(asc(memoryVersions.memoryId), asc(memoryVersions.version)),
    db.select().from(profileSummaries).where(eq(profileSummaries.endUserId, user.id)).orderBy(asc(profileSummaries.purposeKey)),
    db.select().from(stage3Entries).where(eq(stage3Entries.endUserId, user.id)).orderBy(asc(stage3Entries.questionIndex)),
    db.select().from(queryAnswers).where(eq(queryAnswers.endUserId, user.id)).orderBy(asc(queryAnswers.createdAt)),
    db.select().from(ingestions).where(eq(ingestions.endUserId, user.id)).orderBy(asc(ingestions.createdAt)),
    db.select().from(profileSources).where(eq(profileSources.endUserId, user.id)).orderBy(asc(profileSources.kind)),
  ]);
  const historyOf = new Map<string, ReturnType<typeof versionJson>[]>();
  for (const v of versions) historyOf.set(v.memoryId, [...(historyOf.get(v.memoryId) ?? []), versionJson(v)]);
  const live = new Set(mems.map((m) => m.memory.id));
  return {
    exported_at: new Date().toISOString(),
    user: {
      user_id: user.userId,
      email: user.emailMasked,
      name: displayName(user),
      purpose: user.purpose,
      traits: user.traits,
      profile: user.profile,
      created_at: user.createdAt.toISOString(),
      updated_at: user.updatedAt.toISOString(),
    },
    messages: msgs.map((m) => ({
      id: m.clientId ?? m.id,
      role: m.role,
      content: m.content,
      source: m.source,
      timestamp: m.timestamp.toISOString(),
      ingestion_id: m.ingestionId,
    })),
    documents: docs.map((d) => ({
      doc_id: d.docId,
      title: d.title,
      document_type: d.documentType,
      content: d.content,
      source: d.source,
      version: d.version,
      created_at: d.createdAt.toISOString(),
      updated_at: d.updatedAt.toISOString(),
    })),
    memories: mems.map((m) => ({ ...memoryJson(m.memory, user.userId, m.source), history: historyOf.get(m.memory.id) ?? [] })),
    /** Audit of deleted memories: who deleted what id and when (their texts are erased). */
    deleted_memories: [...historyOf.entries()].filter(([id]) => !live.has(id)).map(([id, history]) => ({ id, history })),
    summaries: summaries.map((s) => ({ purpose: s.purpose, summary: s.summary, generated_at: s.generatedAt.toISOString() })),
    stage3_answers: stage3.map((e) => ({
      question: e.question,
      answer: e.answer,
      topic: e.topic,
      source_ids: e.sourceIds,
      fact_ids: e.factIds,
      updated_at: e.updatedAt.toISOString(),
    })),
    cached_answers: answers.map((a) => ({ question: a.question, answer: a.answer, fact_ids: a.factIds, updated_at: a.updatedAt.toISOString() })),
    ingestions: ings.map((i) => ({
      ingestion_id: i.id,
      source: i.source,
      status: i.status,
      counts: { ...i.counts } as Record<string, number>,
      error: i.error,
      created_at: i.createdAt.toISOString(),
      finished_at: i.finishedAt?.toISOString() ?? null,
    })),
    enrichment: sources.map((s) => ({ kind: s.kind, url: s.url, status: s.status, data: s.data, fetched_at: s.fetchedAt.toISOString() })),
  };
}
