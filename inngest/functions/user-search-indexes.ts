import { getDb } from "@/db/client";
import { createUserIndexes, dropOrphanUserIndexes, needsUserIndexes } from "@/server/retrieval/user-indexes";
import { defineJob } from "../define";
import { dispatch } from "../dispatch";

export interface UserIndexJobData extends Record<string, unknown> {
  /** The user whose ingestion crossed the threshold; absent for a sweep after deletions. */
  endUserId?: string;
  /** One build at a time per deployment: every event carries the same lane. */
  lane: "search-indexes";
}

/**
 * Builds a user's own search indexes once their row count passes SEARCH_USER_INDEX_MIN_ROWS, and
 * drops those of deleted users (server/retrieval/user-indexes.ts). Builds never run two at once.
 */
export const userSearchIndexesJob = defineJob<UserIndexJobData>({
  id: "user-search-indexes",
  event: "pio/search.user-indexes",
  concurrencyKey: { field: "lane", limit: 1 },
  retries: 3,
  handler: async ({ data, step }) => {
    const dropped = await step.run("drop-orphans", async () => dropOrphanUserIndexes(await getDb()));
    const built = data.endUserId
      ? await step.run("build", async () => {
          const db = await getDb();
          return (await needsUserIndexes(db, data.endUserId!)) ? createUserIndexes(db, data.endUserId!) : null;
        })
      : null;
    return { dropped, built };
  },
});

/** After users are deleted (their rows cascade), their own indexes are dropped in the background. */
export function sweepUserSearchIndexes(): Promise<void> {
  return dispatch(userSearchIndexesJob, { lane: "search-indexes" });
}
