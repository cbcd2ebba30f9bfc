import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { endUsers, type EndUser, type Environment } from "@/db/schema";
import { ProcessCache } from "@/server/lib/process-cache";
import { storedIdentifier } from "@/server/privacy/storage";
import { notFoundError } from "@/server/service/errors";

export interface Scope {
  workspaceId: string;
  environment: Environment;
}

/**
 * End users, kept in memory for a short time on the embedded database (ProcessCache). The users
 * domain owns the cache: every write to end_users goes through `changeEndUsers`.
 */
const userCache = new ProcessCache<EndUser>(30_000);

/** Runs a write to end_users (insert, merge, delete, or a cascade that removes them). */
export function changeEndUsers<T>(write: () => Promise<T>): Promise<T> {
  return userCache.change(write);
}

/**
 * The one lookup of an end user by the client's `user_id`, within a workspace and environment.
 * A user_id carrying personal data (an email) is stored as its pseudonym (`storedIdentifier`),
 * and either form finds the user.
 */
export function findEndUser(db: Database, scope: Scope, clientUserId: string): Promise<EndUser | null> {
  const userId = storedIdentifier(scope.workspaceId, clientUserId);
  return userCache.getOrLoad(`${scope.workspaceId}\u0000${scope.environment}\u0000${userId}`, async () => {
    const [row] = await db
      .select()
      .from(endUsers)
      .where(and(eq(endUsers.workspaceId, scope.workspaceId), eq(endUsers.environment, scope.environment), eq(endUsers.userId, userId)))
      .limit(1);
    return row ?? null;
  });
}

/** The end user, or `user_not_found` (404, field `user_id`); `hint` is added to the message. */
export async function requireEndUser(db: Database, scope: Scope, userId: string, hint = ""): Promise<EndUser> {
  const user = await findEndUser(db, scope, userId);
  if (!user) {
    throw notFoundError("user_not_found", `No user with user_id \`${userId}\` in this environment${hint ? `: ${hint}` : "."}`, "user_id");
  }
  return user;
}
