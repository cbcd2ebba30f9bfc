import { markIngestionFailed, processIngestion } from "@/server/ingest/process";
import type { IngestionJobData } from "@/server/ingest/ingest";
import { defineJob } from "../define";

/** Turns an ingestion's messages and documents into memories and retrievable chunks. */
export const processIngestionJob = defineJob<IngestionJobData>({
  id: "process-ingestion",
  event: "pio/ingestion.created",
  // One user's memories are never reconciled by two runs at once.
  concurrencyKey: { field: "endUserId", limit: 1 },
  retries: 3,
  handler: ({ data, step }) => processIngestion(data, step),
  onFailure: ({ data, error }) => markIngestionFailed(data, error),
});
