import { escapeLike } from "@/db/sql";
import { and, count, desc, eq, inArray, like, or } from "drizzle-orm";
import { z } from "zod";
import { endUsers, memories, type EndUser } from "@/db/schema";
import { beforeCursor, decodeCursor, encodeCursor, exactTime } from "@/server/lib/cursor";
import type { ServiceContext } from "@/server/service/context";
import { hashEmail } from "./register";

export const PAGE_LIMIT = { default: 20, max: 100 };

/** `limit` as a URL carries it: digits, 1–100. */
export const limitParam = z
  .string()
  .regex(/^\d+$/, "must be a whole number, e.g. 20")
  .transform(Number)
  .pipe(z.number().int().min(1, "must be at least 1").max(PAGE_LIMIT.max, `must be at most ${PAGE_LIMIT.max}`))
  .optional();

export const cursorParam = z.string().min(1, "must not be empty").max(512, "must be at most 512 characters").optional();

export const listUsersQuery = z.object({
  search: z.string().trim().max(320, "must be at most 320 characters").optional(),
  limit: limitParam,
  cursor: cursorParam,
});
export type ListUsersInput = z.infer<typeof listUsersQuery>;


export function displayName(u: Pick<EndUser, "traits">): string | null {
  const name = u.traits?.name;
  return typeof name === "string" && name.trim() ? name : null;
}

/** A user as the API shows it in lists: never the email itself (only its masked form is stored). */
export function userListItem(u: EndUser, memoryCount: number) {
  return {
    user_id: u.userId,
    email: u.emailMasked,
    name: displayName(u),
    purpose: u.purpose,
    memory_count: memoryCount,
    created_at: u.createdAt.toISOString(),
    updated_at: u.updatedAt.toISOString(),
  };
}

/**
 * GET /users: the environment's end users, newest first, a page at a time (cursor). `search`
 * matches a user_id prefix or an exact email (emails are stored only as a workspace-scoped
 * hash, so the search is hashed the same way).
 */
export async function listUsers(ctx: ServiceContext, input: ListUsersInput) {
  const { db, scope } = ctx;
  const limit = input.limit ?? PAGE_LIMIT.default;
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const q = input.search ?? "";
  const match = q
    ? or(like(endUsers.userId, `${escapeLike(q)}%`), q.includes("@") ? eq(endUsers.emailHash, hashEmail(scope.workspaceId, q)) : undefined)
    : undefined;
  const rows = await db
    .select({ user: endUsers, at: exactTime(endUsers.createdAt) })
    .from(endUsers)
    .where(
      and(
        eq(endUsers.workspaceId, scope.workspaceId),
        eq(endUsers.environment, scope.environment),
        match,
        after ? beforeCursor(endUsers.createdAt, endUsers.id, after) : undefined,
      ),
    )
    .orderBy(desc(endUsers.createdAt), desc(endUsers.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const counts = page.length
    ? await db
        .select({ endUserId: memories.endUserId, n: count() })
        .from(memories)
        .where(inArray(memories.endUserId, page.map((r) => r.user.id)))
        .groupBy(memories.endUserId)
    : [];
  const countOf = new Map(counts.map((c) => [c.endUserId, Number(c.n)]));
  const last = page.at(-1);
  return {
    users: page.map((r) => userListItem(r.user, countOf.get(r.user.id) ?? 0)),
    next_cursor: rows.length > limit && last ? encodeCursor({ at: last.at, id: last.user.id }) : null,
  };
}
