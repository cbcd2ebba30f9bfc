import { userSearchIndexesJob } from "@/inngest/functions/user-search-indexes";
import type { Jobs } from "@/server/service/context";

/**
 * What follows deleting end users (their rows are gone, by erasure or a sandbox reset): their
 * own search indexes (partial indexes, not rows) are dropped in the background.
 */
export function endUsersDeleted(jobs: Jobs): Promise<void> {
  return jobs.send(userSearchIndexesJob, { lane: "search-indexes" });
}
