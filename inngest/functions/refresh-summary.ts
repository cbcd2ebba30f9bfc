import { getDb } from "@/db/client";
import { refreshAllSummaries } from "@/server/profile/summary";
import { defineJob } from "../define";

export interface SummaryJobData extends Record<string, unknown> {
  endUserId: string;
}

/**
 * Stage 2: rebuilds a user's stored summaries after their memories or traits change.
 * Debounced per user, so a burst of ingestions regenerates once.
 */
export const refreshSummaryJob = defineJob<SummaryJobData>({
  id: "refresh-summary",
  event: "pio/summary.refresh",
  concurrencyKey: { field: "endUserId", limit: 1 },
  debounceMs: { field: "endUserId", period: 1000 },
  retries: 3,
  handler: async ({ data, step }) => step.run("refresh", async () => refreshAllSummaries(await getDb(), data.endUserId)),
});
