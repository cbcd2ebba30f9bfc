import { submitIngestion } from "@/server/ingest/submit";
import { ingestBody } from "@/server/ingest/schema";
import type { ServiceContext } from "@/server/service/context";
import { registerBody } from "@/server/users/register";
import { registerUser } from "@/server/users/register-user";
import { SPEC_REGISTER, specIngest } from "@/lib/spec-examples";

/**
 * "Load sample data": the Quick Start's user (Ash Lewis), the sushi conversation and the Q4
 * goals document, stored in the workspace's sandbox through the same use cases the public API
 * runs (so processing and the summary follow exactly as for an API call). Loading twice merges
 * the user and skips the duplicates (the example asks for dedupe).
 */
export async function loadSampleData(ctx: ServiceContext): Promise<{ userId: string; ingestionId: string }> {
  const sandbox: ServiceContext = { ...ctx, scope: { ...ctx.scope, environment: "sandbox" } };
  const { user } = await registerUser(sandbox, registerBody.parse(SPEC_REGISTER));
  const result = await submitIngestion(sandbox, ingestBody.parse(specIngest(user.userId)));
  return { userId: user.userId, ingestionId: result.ingestion_id };
}
