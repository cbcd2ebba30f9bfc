import { and, eq } from "drizzle-orm";
import { memories, searchIndex } from "@/db/schema";
import type { ServiceContext } from "@/server/service/context";
import { memoriesChanged } from "./changed";
import { dropEvidenceWindows } from "./evidence";
import { emitMemoryEvent } from "./events";
import { actorJson, eraseVersionTexts, recordVersions } from "./history";
import { memoryNotFound, requireMemory } from "./lookup";

export interface DeleteMemoryInput {
  id: string;
  /** When given (the portal's user page), the memory must be this user's. */
  userId?: string;
}

/**
 * DELETE /memories/{id} and the portal's delete: the memory goes with its search row (vector and
 * terms) and the conversation passages it came from leave retrieval (server/memory/evidence.ts), its history keeps a `delete` version with every earlier text erased, and facts it had
 * superseded are current again (deleting a wrong "moved to Denver" makes "lives in Austin" what
 * Pio believes). Answers once the summary, Stage 3 answers and cached /query answers no longer
 * carry it (server/memory/changed.ts).
 */
export async function deleteMemory(ctx: ServiceContext, input: DeleteMemoryInput) {
  const actor = actorJson(ctx.actor);
  const { user, restored } = await ctx.db.transaction(async (tx) => {
    const { memory, user } = await requireMemory(ctx, tx, input.id, { lock: true });
    if (input.userId !== undefined && user.userId !== input.userId) throw memoryNotFound(input.id);
    await tx.delete(memories).where(eq(memories.id, memory.id));
    await recordVersions(tx, "delete", [memory], { actor, requestId: ctx.requestId });
    await eraseVersionTexts(tx, memory.endUserId, memory.id);
    await dropEvidenceWindows(tx, memory.endUserId, memory.sourceIds);
    const revived = await tx
      .update(memories)
      .set({ status: "current", supersededBy: null, validTo: null, updatedAt: new Date() })
      .where(and(eq(memories.endUserId, memory.endUserId), eq(memories.supersededBy, memory.id)))
      .returning();
    for (const r of revived) {
      await tx.update(searchIndex).set({ status: "current", updatedAt: new Date() }).where(eq(searchIndex.memoryId, r.id));
    }
    await recordVersions(tx, "reconcile", revived, { actor, requestId: ctx.requestId });
    return { user, restored: revived.map((r) => r.id) };
  });
  await memoriesChanged(ctx.db, user, [input.id, ...restored]);
  await emitMemoryEvent(ctx, "memory.deleted", user, [input.id], "delete");
  await emitMemoryEvent(ctx, "memory.updated", user, restored, "reconcile");
  return { id: input.id, user_id: user.userId, deleted: true as const, restored_ids: restored };
}
