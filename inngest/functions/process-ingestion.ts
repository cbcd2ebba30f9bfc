import { getDb } from "@/db/client";
import { ingestionProcessed } from "@/server/ingest/follow-up";
import { markIngestionFailed, processIngestion } from "@/server/ingest/process";
import type { IngestionJobData } from "@/server/ingest/ingest";
import { backgroundJobs } from "@/server/service/context";
import { defineJob } from "../define";

/** Turns an ingestion's messages and documents into memories and retrievable chunks. */
export const processIngestionJob = defineJob<IngestionJobData>({
  id: "process-ingestion",
  event: "pio/ingestion.created",
  // One user's memories are never reconciled by two runs at once.
  concurrencyKey: { field: "endUserId", limit: 1 },
  retries: 3,
  handler: async ({ data, step }) => {
    const counts = await processIngestion(data, step);
    if (!counts) return null;
    await step.run("follow-up", async () => ingestionProcessed(backgroundJobs, await getDb(), data.endUserId));
    return counts;
  },
  onFailure: ({ data, error }) => markIngestionFailed(data, error),
});
