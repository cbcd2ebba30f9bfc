import { and, eq, gt, inArray, ne, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { ingestions } from "@/db/schema";
import { refreshSummaryJob } from "@/inngest/functions/refresh-summary";
import { stage3Job, stage3RefreshJob } from "@/inngest/functions/stage3";
import { userSearchIndexesJob } from "@/inngest/functions/user-search-indexes";
import { pendingThreshold } from "@/server/profile/stage3";
import { needsUserIndexes } from "@/server/retrieval/user-indexes";
import type { Jobs } from "@/server/service/context";

/**
 * A pending ingestion younger than this defers the follow-ups of one that finishes before it.
 * An older one may be stranded (its job lost): it never holds up a user's summary for longer.
 */
const DEFER_WINDOW = "1 hour";

/**
 * True while another ingestion of the user is queued or processing: it will run the follow-ups
 * when it ends (done or failed), from the user's facts as they are then.
 */
export async function moreIngestionsPending(db: Database, endUserId: string, ingestionId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: ingestions.id })
    .from(ingestions)
    .where(
      and(
        eq(ingestions.endUserId, endUserId),
        ne(ingestions.id, ingestionId),
        inArray(ingestions.status, ["queued", "processing"]),
        gt(ingestions.createdAt, sql`now() - ${DEFER_WINDOW}::interval`),
      ),
    )
    .limit(1);
  return Boolean(row);
}

export interface FollowUp {
  /** Left to a later ingestion of the same user, still pending. */
  deferred: boolean;
  threshold: number | null;
  indexes: boolean;
}

/**
 * What follows a processed ingestion (its facts changed): at a new memory-count threshold, a
 * Stage 3 run; the summary refresh and — without a new threshold — a refresh of the Stage 3
 * answers whose evidence changed; and, past SEARCH_USER_INDEX_MIN_ROWS rows, the user's own
 * search indexes.
 *
 * Coalesced per user: while another ingestion of the user is pending, only a Stage 3 threshold
 * run is sent. The refreshes and the index build each read the user's whole model or rows, so a
 * burst of 20 ingestions would otherwise redo them 20 times, each time larger; the last
 * ingestion of the burst sends them once, and a failed one sends them too (the processing job's
 * onFailure calls this). The jobs are also debounced or idempotent per user.
 */
export async function ingestionProcessed(jobs: Jobs, db: Database, endUserId: string, ingestionId: string): Promise<FollowUp> {
  // Stage 3 runs at each memory-count threshold the user reaches, burst or not (logarithmic in
  // the count): what it asks and answers depends on the facts at that point.
  const threshold = await pendingThreshold(db, endUserId);
  if (threshold !== null) await jobs.send(stage3Job, { endUserId, threshold });
  if (await moreIngestionsPending(db, endUserId, ingestionId)) return { deferred: true, threshold, indexes: false };
  await jobs.send(refreshSummaryJob, { endUserId });
  if (threshold === null) await jobs.send(stage3RefreshJob, { endUserId });
  const indexes = Boolean(await needsUserIndexes(db, endUserId));
  if (indexes) await jobs.send(userSearchIndexesJob, { endUserId, lane: "search-indexes" });
  return { deferred: false, threshold, indexes };
}
