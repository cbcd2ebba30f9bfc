import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { textArray } from "@/db/sql";
import { queryAnswers, type EndUser } from "@/db/schema";
import { refreshStage3 } from "@/server/profile/stage3";
import { refreshAllSummaries } from "@/server/profile/summary";

/**
 * What follows a change of memories made by a person (an edit or a delete), before the
 * response returns: cached /query answers citing them go, the Stage 3 answers built on them
 * are answered again, and the stored summaries are rebuilt. The next /summary, /chunks or
 * /query never shows what was changed away.
 */
export async function refreshAfterMemoryChange(db: Database, user: EndUser, memoryIds: string[]): Promise<void> {
  await db.delete(queryAnswers).where(and(eq(queryAnswers.endUserId, user.id), sql`${queryAnswers.factIds} && ${textArray(memoryIds)}`));
  await refreshStage3(db, user);
  await refreshAllSummaries(db, user.id);
}
