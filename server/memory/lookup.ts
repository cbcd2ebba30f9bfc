import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { endUsers, ingestions, memories, type EndUser, type Memory } from "@/db/schema";
import type { ServiceContext } from "@/server/service/context";
import { notFoundError } from "@/server/service/errors";

export const memoryNotFound = (id: string) => notFoundError("memory_not_found", `No memory \`${id}\` in this environment.`);

/**
 * A memory of the context's workspace and environment with its user and the source of its
 * ingestion, or `memory_not_found` (another tenant's memory is not found either). With a
 * transaction and `lock`, the memory row is locked for the change.
 */
export async function requireMemory(
  ctx: Pick<ServiceContext, "scope">,
  db: Pick<Database, "select">,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<{ memory: Memory; user: EndUser; source: string | null }> {
  const q = db
    .select({ memory: memories, user: endUsers, source: ingestions.source })
    .from(memories)
    .innerJoin(endUsers, eq(endUsers.id, memories.endUserId))
    .leftJoin(ingestions, eq(ingestions.id, memories.ingestionId))
    .where(and(eq(memories.id, id), eq(memories.workspaceId, ctx.scope.workspaceId), eq(memories.environment, ctx.scope.environment)))
    .limit(1);
  const [row] = opts.lock ? await q.for("update", { of: memories }) : await q;
  if (!row) throw memoryNotFound(id);
  return row;
}
