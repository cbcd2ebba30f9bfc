import { eq, isNull, ne, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import { searchIndex, stage3Entries } from "@/db/schema";
import { getEmbeddingProvider } from "@/server/ai/embeddings";
import { compactVector } from "@/server/memory/text";

const BATCH = 256;

/** Whether any vector was made by another model than the configured one. */
export async function needsReembedding(db: Database): Promise<boolean> {
  const model = getEmbeddingProvider().model;
  const [a] = await db
    .select({ id: searchIndex.id })
    .from(searchIndex)
    .where(or(isNull(searchIndex.embeddingModel), ne(searchIndex.embeddingModel, model)))
    .limit(1);
  const [b] = await db
    .select({ id: stage3Entries.id })
    .from(stage3Entries)
    .where(or(isNull(stage3Entries.questionEmbeddingModel), ne(stage3Entries.questionEmbeddingModel, model)))
    .limit(1);
  return Boolean(a || b);
}

/**
 * Re-embeds one batch of rows whose vectors came from another model (after switching the
 * embedding provider). Until a row is re-embedded, retrieval finds it by full text only:
 * vectors of two models are never compared. Returns how many rows were updated.
 */
export async function reembedBatch(db: Database): Promise<number> {
  const embedder = getEmbeddingProvider();
  const stale = await db
    .select({ id: searchIndex.id, text: searchIndex.text })
    .from(searchIndex)
    .where(or(isNull(searchIndex.embeddingModel), ne(searchIndex.embeddingModel, embedder.model)))
    .limit(BATCH);
  if (stale.length) {
    const vectors = await embedder.embed(stale.map((r) => r.text));
    for (const [i, r] of stale.entries()) {
      await db
        .update(searchIndex)
        .set({ embedding: compactVector(vectors[i]!), embeddingModel: embedder.model })
        .where(eq(searchIndex.id, r.id));
    }
    return stale.length;
  }
  const questions = await db
    .select({ id: stage3Entries.id, question: stage3Entries.question })
    .from(stage3Entries)
    .where(or(isNull(stage3Entries.questionEmbeddingModel), ne(stage3Entries.questionEmbeddingModel, embedder.model)))
    .limit(BATCH);
  if (!questions.length) return 0;
  const vectors = await embedder.embed(questions.map((q) => q.question));
  for (const [i, q] of questions.entries()) {
    await db
      .update(stage3Entries)
      .set({ questionEmbedding: compactVector(vectors[i]!), questionEmbeddingModel: embedder.model })
      .where(eq(stage3Entries.id, q.id));
  }
  return questions.length;
}
