import { and, eq } from "drizzle-orm";
import { memories, searchIndex } from "@/db/schema";
import type { ServiceContext } from "@/server/service/context";
import { refreshAfterMemoryChange } from "./follow-up";
import { actorJson, eraseVersionTexts, recordVersions } from "./history";
import { requireMemory } from "./lookup";

/**
 * DELETE /memories/{id}: the memory goes with its search row (vector and terms), its history
 * keeps a `delete` version with every earlier text erased, and facts it had superseded are
 * current again (deleting a wrong "moved to Denver" makes "lives in Austin" what Pio believes).
 * The summary, Stage 3 answers and cached /query answers are refreshed before this returns.
 */
export async function deleteMemory(ctx: ServiceContext, input: { id: string }) {
  const actor = actorJson(ctx.actor);
  const { user, restored } = await ctx.db.transaction(async (tx) => {
    const { memory, user } = await requireMemory(ctx, tx, input.id, { lock: true });
    await tx.delete(memories).where(eq(memories.id, memory.id));
    await recordVersions(tx, "delete", [memory], { actor, requestId: ctx.requestId });
    await eraseVersionTexts(tx, memory.endUserId, memory.id);
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
  await refreshAfterMemoryChange(ctx.db, user, [input.id, ...restored]);
  return { id: input.id, user_id: user.userId, deleted: true as const, restored_ids: restored };
}
