import { and, desc, eq, gte, lt } from "drizzle-orm";
import { z } from "zod";
import { ingestions, memories } from "@/db/schema";
import { beforeCursor, decodeCursor, encodeCursor, exactTime } from "@/server/lib/cursor";
import type { ServiceContext } from "@/server/service/context";
import { cursorParam, limitParam, PAGE_LIMIT } from "@/server/users/list";
import { requireEndUser } from "@/server/users/find";
import { TOPIC_KEYS, type TopicKey } from "./facts/taxonomy";
import { memoryJson } from "./json";

/** A time in a query: ISO 8601 with `Z` or an offset, or a date (midnight UTC). */
const timeParam = z
  .string()
  .max(40, "must be at most 40 characters")
  .regex(/^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d))?$/, "must be an ISO 8601 date or time with an offset, e.g. 2025-11-01T00:00:00Z")
  .refine((s) => !Number.isNaN(Date.parse(s)), "is not a valid date")
  .transform((s) => new Date(s))
  .optional();

export const listMemoriesQuery = z.object({
  user_id: z.string({ error: "is required" }).trim().min(1, "must not be empty").max(128, "must be at most 128 characters"),
  topic: z.enum(TOPIC_KEYS as [TopicKey, ...TopicKey[]], { error: `must be one of ${TOPIC_KEYS.join(", ")}` }).optional(),
  status: z.enum(["current", "superseded", "all"], { error: 'must be "current", "superseded" or "all"' }).default("all"),
  kind: z.enum(["fact", "remark", "all"], { error: 'must be "fact", "remark" or "all"' }).default("all"),
  source: z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters").optional(),
  created_after: timeParam,
  created_before: timeParam,
  updated_after: timeParam,
  updated_before: timeParam,
  limit: limitParam,
  cursor: cursorParam,
});
export type ListMemoriesInput = z.infer<typeof listMemoriesQuery>;

/**
 * GET /memories: a user's memories, newest first, a page at a time (cursor), filtered by
 * topic, status, kind, the ingestion `source` they came from, and created/updated ranges
 * (`*_after` inclusive, `*_before` exclusive).
 */
export async function listMemories(ctx: ServiceContext, input: ListMemoriesInput) {
  const user = await requireEndUser(ctx.db, ctx.scope, input.user_id);
  const limit = input.limit ?? PAGE_LIMIT.default;
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await ctx.db
    .select({ memory: memories, source: ingestions.source, at: exactTime(memories.createdAt) })
    .from(memories)
    .leftJoin(ingestions, eq(ingestions.id, memories.ingestionId))
    .where(
      and(
        eq(memories.endUserId, user.id),
        input.topic ? eq(memories.topic, input.topic) : undefined,
        input.status !== "all" ? eq(memories.status, input.status) : undefined,
        input.kind !== "all" ? eq(memories.kind, input.kind) : undefined,
        input.source ? eq(ingestions.source, input.source) : undefined,
        input.created_after ? gte(memories.createdAt, input.created_after) : undefined,
        input.created_before ? lt(memories.createdAt, input.created_before) : undefined,
        input.updated_after ? gte(memories.updatedAt, input.updated_after) : undefined,
        input.updated_before ? lt(memories.updatedAt, input.updated_before) : undefined,
        after ? beforeCursor(memories.createdAt, memories.id, after) : undefined,
      ),
    )
    .orderBy(desc(memories.createdAt), desc(memories.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    memories: page.map((r) => memoryJson(r.memory, user.userId, r.source)),
    next_cursor: rows.length > limit && last ? encodeCursor({ at: last.at, id: last.memory.id }) : null,
  };
}
