import { getDb } from "@/db/client";
import { ingestionProcessed } from "@/server/ingest/follow-up";
import { markIngestionFailed, processIngestion } from "@/server/ingest/process";
import type { IngestionJobData } from "@/server/ingest/ingest";
import { emitExtractedMemories } from "@/server/memory/events";
import { loadEndUser } from "@/server/profile/stage3";
import { backgroundJobs } from "@/server/service/context";
import { emitIngestionCompleted, emitIngestionFailed } from "@/server/webhooks/pipeline-events";
import { defineJob } from "../define";

/** Turns an ingestion's messages and documents into memories and retrievable chunks. */
export const processIngestionJob = defineJob<IngestionJobData>({
  id: "process-ingestion",
  event: "pio/ingestion.created",
  // One user's memories are never reconciled by two runs at once.
  concurrencyKey: { field: "endUserId", limit: 1 },
  // One event per ingestion: /ingest's, or the sweep's when /ingest's send failed (requeue.ts).
  eventId: (data) => `ingestion-${data.ingestionId}`,
  retries: 3,
  handler: async ({ data, step }) => {
    const counts = await processIngestion(data, step);
    if (!counts) return null;
    await step.run("follow-up", async () => ingestionProcessed(backgroundJobs, await getDb(), data.endUserId, data.ingestionId));
    await step.run("webhooks", async () => {
      const db = await getDb();
      await emitExtractedMemories(db, data, await loadEndUser(db, data.endUserId));
      await emitIngestionCompleted(db, data, counts);
    });
    return counts;
  },
  onFailure: async ({ data, error }) => {
    await markIngestionFailed(data, error);
    await emitIngestionFailed(await getDb(), data, error);
    // Earlier ingestions of a burst left their follow-ups to this one (server/ingest/follow-up.ts).
    await ingestionProcessed(backgroundJobs, await getDb(), data.endUserId, data.ingestionId);
  },
});
