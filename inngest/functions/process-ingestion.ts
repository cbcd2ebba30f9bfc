import { getDb } from "@/db/client";
import { markIngestionFailed, processIngestion } from "@/server/ingest/process";
import type { IngestionJobData } from "@/server/ingest/ingest";
import { emitExtractedMemories } from "@/server/memory/events";
import { loadEndUser, pendingThreshold } from "@/server/profile/stage3";
import { emitIngestionCompleted, emitIngestionFailed } from "@/server/webhooks/pipeline-events";
import { defineJob } from "../define";
import { dispatch } from "../dispatch";
import { refreshSummaryJob } from "./refresh-summary";
import { stage3Job, stage3RefreshJob } from "./stage3";

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
    // Facts changed: refresh the summary and the Stage 3 answers whose topic changed (both
    // debounced) and, at a new threshold, run Stage 3.
    await step.run("follow-up", async () => {
      await dispatch(refreshSummaryJob, { endUserId: data.endUserId });
      const threshold = await pendingThreshold(await getDb(), data.endUserId);
      if (threshold !== null) await dispatch(stage3Job, { endUserId: data.endUserId, threshold });
      else await dispatch(stage3RefreshJob, { endUserId: data.endUserId });
      return { threshold };
    });
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
  },
});
