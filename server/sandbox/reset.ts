import { and, eq } from "drizzle-orm";
import type { ServiceContext } from "@/server/service/context";
import { endUsers, requestLogs } from "@/db/schema";
import { flushRequestLogs } from "@/server/http/request-log";
import { changeEndUsers } from "@/server/users/find";
import { endUsersDeleted } from "@/server/users/delete";

/**
 * "Reset sandbox data": removes every sandbox end user of the workspace (their messages,
 * documents, memories, chunks, summaries and Stage 3 entries go with them by cascade) and
 * the sandbox request logs. Live data and all keys are untouched.
 */
export async function resetSandbox(ctx: ServiceContext): Promise<{ endUsers: number; requestLogs: number }> {
  const { db } = ctx;
  const { workspaceId } = ctx.scope;
  await flushRequestLogs();
  const result = await changeEndUsers(() => db.transaction(async (tx) => {
    const users = await tx
      .delete(endUsers)
      .where(and(eq(endUsers.workspaceId, workspaceId), eq(endUsers.environment, "sandbox")))
      .returning({ id: endUsers.id });
    const logs = await tx
      .delete(requestLogs)
      .where(and(eq(requestLogs.workspaceId, workspaceId), eq(requestLogs.environment, "sandbox")))
      .returning({ id: requestLogs.id });
    return { endUsers: users.length, requestLogs: logs.length };
  }));
  if (result.endUsers) await endUsersDeleted(ctx.jobs);
  return result;
}
