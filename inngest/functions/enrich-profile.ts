import { getDb } from "@/db/client";
import { enrichProfileWebsite } from "@/server/profile/enrich";
import { defineJob } from "../define";
import { dispatch } from "../dispatch";
import { processIngestionJob } from "./process-ingestion";

export interface EnrichJobData extends Record<string, unknown> {
  endUserId: string;
}

/** Stage 1: the user's public website becomes a profile document (when enabled). */
export const enrichProfileJob = defineJob<EnrichJobData>({
  id: "enrich-profile",
  event: "pio/profile.enrich",
  concurrencyKey: { field: "endUserId", limit: 1 },
  retries: 1,
  handler: async ({ data, step }) => {
    const result = await step.run("fetch-website", async () => enrichProfileWebsite(await getDb(), data.endUserId));
    if (result.job) {
      const job = result.job;
      await step.run("process-document", () => dispatch(processIngestionJob, job));
    }
    return { status: result.status };
  },
});
