import { analyzeFactsJob } from "./analyze-facts";
import { deliverWebhookJob } from "./deliver-webhook";
import { enrichProfileJob } from "./enrich-profile";
import { processIngestionJob } from "./process-ingestion";
import { reembedJob } from "./reembed";
import { refreshSummaryJob } from "./refresh-summary";
import { requeueIngestionsJob } from "./requeue-ingestions";
import { stage3Job, stage3RefreshJob } from "./stage3";
import { userSearchIndexesJob } from "./user-search-indexes";

/** Every background function, served at /api/inngest. */
export const jobs = [
  processIngestionJob,
  refreshSummaryJob,
  stage3Job,
  stage3RefreshJob,
  enrichProfileJob,
  reembedJob,
  analyzeFactsJob,
  userSearchIndexesJob,
  deliverWebhookJob,
  requeueIngestionsJob,
];
export const functions = jobs.map((j) => j.fn);
