import { and, eq } from "drizzle-orm";
import { endUsers } from "@/db/schema";
import { userSearchIndexesJob } from "@/inngest/functions/user-search-indexes";
import { storedIdentifier } from "@/server/privacy/storage";
import type { Jobs, ServiceContext } from "@/server/service/context";
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
      .where(
        and(eq(endUsers.workspaceId, workspaceId), eq(endUsers.environment, environment), eq(endUsers.userId, storedIdentifier(workspaceId, input.userId))),
      )
      .returning({ id: endUsers.id }),
  );
  if (!rows.length) throw notFoundError("user_not_found", `No user with user_id \`${input.userId}\` in this environment.`, "user_id");
  await endUsersDeleted(ctx.jobs);
  return { deleted: true, userId: input.userId };
}

/** What follows deleting end users (their rows cascade): their own search indexes are dropped in the background. */
export function endUsersDeleted(jobs: Jobs): Promise<void> {
  return jobs.send(userSearchIndexesJob, { lane: "search-indexes" });
}
