import { and, eq, type SQL } from "drizzle-orm";
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
  return userCache.getOrLoad(cacheKey(scope, clientUserId), async () => {
    const [row] = await db.select().from(endUsers).where(endUserWhere(scope, clientUserId)).limit(1);
    return row ?? null;
  });
}

const cacheKey = (scope: Scope, clientUserId: string) =>
  `${scope.workspaceId}\u0000${scope.environment}\u0000${storedIdentifier(scope.workspaceId, clientUserId)}`;

/** The condition on `end_users` that finds the client's `user_id` in a scope (for statements that join it). */
export function endUserWhere(scope: Scope, clientUserId: string): SQL {
  const userId = storedIdentifier(scope.workspaceId, clientUserId);
  return and(eq(endUsers.workspaceId, scope.workspaceId), eq(endUsers.environment, scope.environment), eq(endUsers.userId, userId))!;
}

/**
 * The end user and a related row in one round trip. `cached` is the user when the cache has
 * them (then only `related` is read); otherwise `joined` reads both in one statement (with
 * `endUserWhere`), and the user it found is cached.
 */
export async function findEndUserWith<R>(
  scope: Scope,
  clientUserId: string,
  read: { related: (user: EndUser) => Promise<R>; joined: () => Promise<{ user: EndUser; related: R } | null> },
): Promise<{ user: EndUser; related: R } | null> {
  const key = cacheKey(scope, clientUserId);
  const cached = userCache.peek(key);
  if (cached) return { user: cached, related: await read.related(cached) };
  const generation = userCache.currentGeneration();
  const found = await read.joined();
  if (found) userCache.remember(key, found.user, generation);
  return found;
}

/** `user_not_found` (404, field `user_id`); `hint` is added to the message. */
export function userNotFound(userId: string, hint = "") {
  return notFoundError("user_not_found", `No user with user_id \`${userId}\` in this environment${hint ? `: ${hint}` : "."}`, "user_id");
}

/** The end user, or `user_not_found` (404, field `user_id`); `hint` is added to the message. */
export async function requireEndUser(db: Database, scope: Scope, userId: string, hint = ""): Promise<EndUser> {
  const user = await findEndUser(db, scope, userId);
  if (!user) throw userNotFound(userId, hint);
  return user;
}
