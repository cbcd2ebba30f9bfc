import { getDb } from "@/db/client";
import { reembedBatch } from "@/server/retrieval/reembed";
import { defineJob } from "../define";

export interface ReembedJobData extends Record<string, unknown> {
  model: string;
}

const MAX_BATCHES = 10_000;

/** Backfill after an embedding-provider switch: re-embeds stored text batch by batch. */
export const reembedJob = defineJob<ReembedJobData>({
  id: "reembed-search-index",
  event: "pio/search.reembed",
  concurrencyKey: { field: "model", limit: 1 },
  retries: 3,
  handler: async ({ step }) => {
    let total = 0;
    for (let i = 0; i < MAX_BATCHES; i++) {
      const n = await step.run(`batch-${i}`, async () => reembedBatch(await getDb()));
      total += n;
      if (n === 0) break;
    }
    return { reembedded: total };
  },
});
