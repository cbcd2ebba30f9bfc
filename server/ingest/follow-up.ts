import type { Database } from "@/db/client";
import { refreshSummaryJob } from "@/inngest/functions/refresh-summary";
import { stage3Job, stage3RefreshJob } from "@/inngest/functions/stage3";
import { userSearchIndexesJob } from "@/inngest/functions/user-search-indexes";
import { pendingThreshold } from "@/server/profile/stage3";
import { needsUserIndexes } from "@/server/retrieval/user-indexes";
import type { Jobs } from "@/server/service/context";

/**
 * What follows a processed ingestion (its facts changed): the summary refresh and, at a new
 * memory-count threshold, a Stage 3 run — otherwise a refresh of the Stage 3 answers whose
 * evidence changed — and, past SEARCH_USER_INDEX_MIN_ROWS rows, the user's own search indexes.
 * All debounced or idempotent per user, so a burst of ingestions costs one.
 */
export async function ingestionProcessed(jobs: Jobs, db: Database, endUserId: string): Promise<{ threshold: number | null; indexes: boolean }> {
  await jobs.send(refreshSummaryJob, { endUserId });
  const threshold = await pendingThreshold(db, endUserId);
  if (threshold !== null) await jobs.send(stage3Job, { endUserId, threshold });
  else await jobs.send(stage3RefreshJob, { endUserId });
  const indexes = Boolean(await needsUserIndexes(db, endUserId));
  if (indexes) await jobs.send(userSearchIndexesJob, { endUserId, lane: "search-indexes" });
  return { threshold, indexes };
}
