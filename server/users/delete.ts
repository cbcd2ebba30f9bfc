import { and, eq } from "drizzle-orm";
import { endUsers } from "@/db/schema";
import type { ServiceContext } from "@/server/service/context";
import { notFoundError } from "@/server/service/errors";
import { changeEndUsers } from "./find";

/**
 * Deletes an end user of the context's workspace and environment; every row of theirs
 * (messages, documents, chunks, memories, search rows, summaries, Stage 3, ingestions, cached
 * answers) goes with it by cascade, in one statement.
 */
export async function deleteEndUser(ctx: ServiceContext, input: { userId: string }): Promise<{ deleted: true; userId: string }> {
  const { workspaceId, environment } = ctx.scope;
  const rows = await changeEndUsers(() =>
    ctx.db
      .delete(endUsers)
      .where(and(eq(endUsers.workspaceId, workspaceId), eq(endUsers.environment, environment), eq(endUsers.userId, input.userId)))
      .returning({ id: endUsers.id }),
  );
  if (!rows.length) throw notFoundError("user_not_found", `No user with user_id \`${input.userId}\` in this environment.`, "user_id");
  return { deleted: true, userId: input.userId };
}
