import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { memoryVersions } from "@/db/schema";
import type { ServiceContext } from "@/server/service/context";
import { memoryJson, versionJson } from "./json";
import { requireMemory } from "./lookup";

export const memoryPathParams = z.object({ id: z.string().trim().min(1, "must not be empty").max(64, "must be at most 64 characters") });

/** GET /memories/{id}: the memory and its history, each version with the event that made it. */
export async function getMemory(ctx: ServiceContext, input: { id: string }) {
  const { memory, user, source } = await requireMemory(ctx, ctx.db, input.id);
  const history = await ctx.db.select().from(memoryVersions).where(eq(memoryVersions.memoryId, memory.id)).orderBy(asc(memoryVersions.version));
  return { ...memoryJson(memory, user.userId, source), history: history.map(versionJson) };
}
