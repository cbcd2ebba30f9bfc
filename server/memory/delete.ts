import { and, eq } from "drizzle-orm";
import { memories } from "@/db/schema";
import type { ServiceContext } from "@/server/service/context";
import { notFoundError } from "@/server/service/errors";
import { requireEndUser } from "@/server/users/find";
import { memoriesChanged } from "./changed";

export interface DeleteMemoryInput {
  userId: string;
  memoryId: string;
}

/**
 * Deletes one memory of a user (its search row goes with it by cascade). Answers once the
 * summary, Stage 3 answers and cached answers no longer carry it (server/memory/changed.ts).
 */
export async function deleteMemory(ctx: ServiceContext, input: DeleteMemoryInput): Promise<{ deleted: true; memoryId: string }> {
  const user = await requireEndUser(ctx.db, ctx.scope, input.userId);
  const rows = await ctx.db
    .delete(memories)
    .where(and(eq(memories.id, input.memoryId), eq(memories.endUserId, user.id)))
    .returning({ id: memories.id });
  if (!rows.length) throw notFoundError("memory_not_found", `No memory \`${input.memoryId}\` of user \`${input.userId}\` in this environment.`, "memory_id");
  await memoriesChanged(ctx.db, user, [input.memoryId]);
  return { deleted: true, memoryId: input.memoryId };
}
