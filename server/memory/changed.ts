import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { textArray } from "@/db/sql";
import { queryAnswers, type EndUser } from "@/db/schema";
import { refreshAllSummaries } from "@/server/profile/summary";
import { refreshStage3 } from "@/server/profile/stage3";

/**
 * What follows a change of a user's memories made by a person (an edit or a deletion, from the
 * portal or the API), done before the change is answered: the stored summaries are rebuilt, the
 * Stage 3 answers whose evidence changed are answered again, and cached /query answers citing a
 * changed memory are dropped. The very next /summary, /chunks or /query never shows what was
 * removed. (Ingestions do the same in their background job, after processing.)
 */
export async function memoriesChanged(db: Database, user: EndUser, memoryIds: string[]): Promise<void> {
  if (memoryIds.length) {
    await db.delete(queryAnswers).where(and(eq(queryAnswers.endUserId, user.id), sql`${queryAnswers.factIds} && ${textArray(memoryIds)}`));
  }
  await refreshAllSummaries(db, user.id);
  await refreshStage3(db, user);
}
