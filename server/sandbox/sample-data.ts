import { dispatch } from "@/inngest/dispatch";
import { processIngestionJob } from "@/inngest/functions/process-ingestion";
import type { Database } from "@/db/client";
import { ingest } from "@/server/ingest/ingest";
import { ingestBody } from "@/server/ingest/schema";
import { registerBody, registerEndUser } from "@/server/users/register";
import { SPEC_REGISTER, specIngest } from "@/lib/spec-examples";

/**
 * "Load sample data": the Quick Start's user (Ash Lewis), the sushi conversation and the Q4
 * goals document, stored in the workspace's sandbox through the same functions the public
 * API uses, then processed in the background like any ingestion. Loading twice merges the
 * user and skips the duplicates (the example asks for dedupe).
 */
export async function loadSampleData(db: Database, workspaceId: string): Promise<{ userId: string; ingestionId: string }> {
  const scope = { workspaceId, environment: "sandbox" as const };
  const { user } = await registerEndUser(db, scope, registerBody.parse(SPEC_REGISTER));
  const { result, job } = await ingest(db, scope, ingestBody.parse(specIngest(user.userId)));
  if (job) await dispatch(processIngestionJob, job);
  return { userId: user.userId, ingestionId: result.ingestion_id };
}
