import { getDb } from "@/db/client";
import { analyzeStoredFacts } from "@/server/memory/facts/backfill";
import { defineJob } from "../define";
import { dispatch } from "../dispatch";
import { refreshSummaryJob } from "./refresh-summary";

export interface AnalyzeFactsData extends Record<string, unknown> {
  version: number;
}

const MAX_BATCHES = 10_000;

/** Backfill after an upgrade: memories stored before the user model get its fields. */
export const analyzeFactsJob = defineJob<AnalyzeFactsData>({
  id: "analyze-stored-facts",
  event: "pio/facts.analyze",
  concurrencyKey: { field: "version", limit: 1 },
  retries: 3,
  handler: async ({ step }) => {
    let users = 0;
    for (let i = 0; i < MAX_BATCHES; i++) {
      const changed = await step.run(`batch-${i}`, async () => analyzeStoredFacts(await getDb()));
      if (!changed.length) break;
      users += changed.length;
      // Their summaries are rebuilt from the analyzed facts.
      await step.run(`refresh-${i}`, async () => {
        for (const endUserId of changed) await dispatch(refreshSummaryJob, { endUserId });
      });
    }
    return { users };
  },
});
