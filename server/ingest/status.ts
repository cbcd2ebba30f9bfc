import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { endUsers, ingestions } from "@/db/schema";
import { ApiError } from "@/server/http/errors";
import type { Scope } from "@/server/users/register";

export async function getIngestionStatus(db: Database, scope: Scope, id: string) {
  const [row] = await db
    .select({ ingestion: ingestions, userId: endUsers.userId })
    .from(ingestions)
    .innerJoin(endUsers, eq(endUsers.id, ingestions.endUserId))
    .where(and(eq(ingestions.id, id), eq(ingestions.workspaceId, scope.workspaceId), eq(ingestions.environment, scope.environment)))
    .limit(1);
  if (!row) throw new ApiError(404, "ingestion_not_found", `No ingestion \`${id}\` in this environment.`);
  const i = row.ingestion;
  return {
    ingestion_id: i.id,
    user_id: row.userId,
    status: i.status,
    counts: i.counts,
    ...(i.error ? { error: i.error } : {}),
    attempts: i.attempts,
    created_at: i.createdAt.toISOString(),
    started_at: i.startedAt?.toISOString() ?? null,
    finished_at: i.finishedAt?.toISOString() ?? null,
  };
}
