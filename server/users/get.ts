import { and, count, eq, max } from "drizzle-orm";
import { z } from "zod";
import { documents, ingestions, memories, messages } from "@/db/schema";
import type { ServiceContext } from "@/server/service/context";
import { userListItem } from "./list";
import { requireEndUser } from "./find";

/** `{user_id}` in a path: the same rules as `user_id` everywhere else. */
export const userPathParams = z.object({ user_id: z.string().trim().min(1, "must not be empty").max(128, "must be at most 128 characters") });

/** GET /users/{user_id}: the user, their traits, and how much Pio holds about them. */
export async function getUser(ctx: ServiceContext, input: { user_id: string }) {
  const user = await requireEndUser(ctx.db, ctx.scope, input.user_id);
  const { db } = ctx;
  const [mem, current, msg, docs, ing] = await Promise.all([
    db.select({ n: count() }).from(memories).where(eq(memories.endUserId, user.id)),
    db.select({ n: count() }).from(memories).where(and(eq(memories.endUserId, user.id), eq(memories.status, "current"))),
    db.select({ n: count() }).from(messages).where(eq(messages.endUserId, user.id)),
    db.select({ n: count() }).from(documents).where(eq(documents.endUserId, user.id)),
    db.select({ n: count(), last: max(ingestions.createdAt) }).from(ingestions).where(eq(ingestions.endUserId, user.id)),
  ]);
  const memoryCount = Number(mem[0]?.n ?? 0);
  return {
    ...userListItem(user, memoryCount),
    traits: user.traits,
    counts: {
      memories: memoryCount,
      current_memories: Number(current[0]?.n ?? 0),
      messages: Number(msg[0]?.n ?? 0),
      documents: Number(docs[0]?.n ?? 0),
      ingestions: Number(ing[0]?.n ?? 0),
    },
    last_ingested_at: ing[0]?.last ? new Date(ing[0].last).toISOString() : null,
  };
}
