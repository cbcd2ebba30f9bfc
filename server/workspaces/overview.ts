import { and, count, eq, gt, gte, inArray, isNull, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { apiKeys, endUsers, ingestions, memories, requestLogs } from "@/db/schema";
import { flushRequestLogs } from "@/server/http/request-log";
import type { Scope } from "@/server/users/register";

/** The numbers on the overview page, for one environment. */
export async function workspaceOverview(db: Database, scope: Scope, now = new Date()) {
  await flushRequestLogs();
  const since = new Date(now.getTime() - 24 * 3600_000);
  const [users, mems, pending, requests, activeKeys] = await Promise.all([
    db.select({ n: count() }).from(endUsers).where(and(eq(endUsers.workspaceId, scope.workspaceId), eq(endUsers.environment, scope.environment))),
    db.select({ n: count() }).from(memories).where(and(eq(memories.workspaceId, scope.workspaceId), eq(memories.environment, scope.environment))),
    db
      .select({ n: count() })
      .from(ingestions)
      .where(
        and(
          eq(ingestions.workspaceId, scope.workspaceId),
          eq(ingestions.environment, scope.environment),
          inArray(ingestions.status, ["queued", "processing"]),
        ),
      ),
    db
      .select({
        total: sql<number>`count(*)::int`,
        serverErrors: sql<number>`count(*) filter (where ${requestLogs.status} >= 500)::int`,
        clientErrors: sql<number>`count(*) filter (where ${requestLogs.status} >= 400 and ${requestLogs.status} < 500)::int`,
      })
      .from(requestLogs)
      .where(and(eq(requestLogs.workspaceId, scope.workspaceId), eq(requestLogs.environment, scope.environment), gte(requestLogs.createdAt, since))),
    db
      .select({ n: count() })
      .from(apiKeys)
      .where(
        and(
          eq(apiKeys.workspaceId, scope.workspaceId),
          eq(apiKeys.environment, scope.environment),
          isNull(apiKeys.revokedAt),
          or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
        ),
      ),
  ]);
  return {
    endUsers: Number(users[0]?.n ?? 0),
    memories: Number(mems[0]?.n ?? 0),
    pendingIngestions: Number(pending[0]?.n ?? 0),
    requests24h: Number(requests[0]?.total ?? 0),
    errors24h: Number(requests[0]?.serverErrors ?? 0),
    clientErrors24h: Number(requests[0]?.clientErrors ?? 0),
    activeKeys: Number(activeKeys[0]?.n ?? 0),
  };
}
