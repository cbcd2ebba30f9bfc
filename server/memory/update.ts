import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { memories, searchIndex } from "@/db/schema";
import { getEmbeddingProvider } from "@/server/ai/embeddings";
import { redactText } from "@/server/privacy";
import { firstNameOf, userDisplayName } from "@/server/profile/model";
import type { ServiceContext } from "@/server/service/context";
import { invalidError } from "@/server/service/errors";
import { dropEvidenceWindows } from "./evidence";
import { emitMemoryEvent } from "./events";
import { describeFact } from "./facts";
import { TOPIC_KEYS, type TopicKey } from "./facts/taxonomy";
import { memoriesChanged } from "./changed";
import { actorJson, recordVersions } from "./history";
import { memoryJson } from "./json";
import { requireMemory } from "./lookup";
import { compactVector, textHash } from "./text";

export const MEMORY_TEXT_MAX = 2000;

export const updateMemoryBody = z
  .object({
    text: z
      .string({ error: "must be a string" })
      .trim()
      .min(1, "must not be empty")
      .max(MEMORY_TEXT_MAX, `must be at most ${MEMORY_TEXT_MAX} characters`)
      .optional(),
    topic: z.enum(TOPIC_KEYS as [TopicKey, ...TopicKey[]], { error: `must be one of ${TOPIC_KEYS.join(", ")}` }).optional(),
  })
  .refine((b) => b.text !== undefined || b.topic !== undefined, { message: "send `text`, `topic` or both", path: ["text"] });
export type UpdateMemoryInput = z.infer<typeof updateMemoryBody>;

/**
 * PATCH /memories/{id}: a person corrects a memory. The new text is redacted as ingested text
 * is, analysed again (topic, salience, entities, slot; an explicit `topic` wins) and
 * re-embedded; the change and its history version are one transaction; the summary, Stage 3
 * answers and cached /query answers built on it are refreshed before this returns. The same
 * text and topic again change nothing (no new version).
 */
export async function updateMemory(ctx: ServiceContext, input: { id: string } & UpdateMemoryInput) {
  const { memory: before, user, source: beforeSource } = await requireMemory(ctx, ctx.db, input.id);
  const text = input.text !== undefined ? redactText(input.text).text : before.text;
  if (!text.trim()) throw invalidError("text", "Invalid body field `text`: nothing is left of it after redaction.");
  const textChanged = textHash(text) !== before.textHash || text !== before.text;
  const analysis = textChanged
    ? describeFact({ text, sourceIds: before.sourceIds, occurredAt: before.occurredAt ?? before.createdAt, kind: before.kind }, firstNameOf(userDisplayName(user.traits)))
    : null;
  const topic = input.topic ?? analysis?.topic ?? before.topic;
  if (!textChanged && topic === before.topic) return memoryJson(before, user.userId, beforeSource);

  const embedder = getEmbeddingProvider();
  const vector = textChanged ? compactVector((await embedder.embed([text]))[0]!) : null;
  const now = new Date();
  const updated = await ctx.db.transaction(async (tx) => {
    const { memory: current, source } = await requireMemory(ctx, tx, input.id, { lock: true });
    const [row] = await tx
      .update(memories)
      .set({
        text,
        textHash: textHash(text),
        topic,
        ...(analysis && current.kind === "fact" ? { salience: analysis.salience, entities: analysis.entities, slot: analysis.slot } : {}),
        updatedAt: now,
      })
      .where(eq(memories.id, current.id))
      .returning();
    await tx
      .update(searchIndex)
      .set({ text, ...(vector ? { embedding: vector, embeddingModel: embedder.model } : {}), updatedAt: now })
      .where(and(eq(searchIndex.endUserId, current.endUserId), eq(searchIndex.memoryId, current.id)));
    // The passages it came from say what was corrected away: out of retrieval (evidence.ts).
    if (textChanged) await dropEvidenceWindows(tx, current.endUserId, current.sourceIds);
    await recordVersions(tx, "edit", [row!], { actor: actorJson(ctx.actor), requestId: ctx.requestId });
    return { row: row!, source };
  });
  await memoriesChanged(ctx.db, user, [updated.row.id]);
  await emitMemoryEvent(ctx, "memory.updated", user, [updated.row.id], "edit");
  return memoryJson(updated.row, user.userId, updated.source);
}
