import { getDb } from "@/db/client";
import { strandedIngestions } from "@/server/ingest/recover";
import { defineJob } from "../define";
import { dispatch } from "../dispatch";
import { processIngestionJob } from "./process-ingestion";

/**
 * With Inngest, /ingest commits the ingestion and then sends its event; if that send fails
 * (Inngest's event API unreachable), the ingestion is stored and answered as queued, and this
 * scheduled sweep sends the events of ingestions still queued five minutes later. Each carries
 * the ingestion's event id, so Inngest drops the ones whose first event did arrive (a backlog,
 * not a lost send): every ingestion runs once. (In-process, queued work is resumed at start-up
 * instead: inngest/recover.ts.)
 */
export const requeueIngestionsJob = defineJob<Record<string, never>>({
  id: "requeue-ingestions",
  event: "pio/ingestions.requeue",
  cron: "*/5 * * * *",
  retries: 2,
  handler: async ({ step }) =>
    step.run("requeue", async () => {
      const stranded = await strandedIngestions(await getDb());
      for (const job of stranded) await dispatch(processIngestionJob, job);
      return { requeued: stranded.length };
    }),
});
