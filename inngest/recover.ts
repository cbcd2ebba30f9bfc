import { chooseDriver, getDb } from "@/db/client";
import { getEmbeddingProvider } from "@/server/ai/embeddings";
import { needsReembedding } from "@/server/retrieval/reembed";
import { dispatch } from "./dispatch";
import { reembedJob } from "./functions/reembed";
import { analyzeFactsJob } from "./functions/analyze-facts";
import { needsFactAnalysis } from "@/server/memory/facts/backfill";
import { pendingIngestions } from "@/server/ingest/recover";
import { inngestConfigured } from "./client";
import { processIngestionJob } from "./functions/process-ingestion";
import { refreshSummaryJob } from "./functions/refresh-summary";
import { stage3Job } from "./functions/stage3";
import { pendingStage3Runs, staleSummaryUsers } from "@/server/profile/recover";
import { runInProcess } from "./runner";
import { deliverWebhookJob } from "./functions/deliver-webhook";
import { pendingDeliveries } from "@/server/webhooks/deliver";

/**
 * In-process mode keeps queued work in memory, so a restart would strand it: at start-up,
 * everything still pending is resumed. On a server Postgres several instances may resume the
 * same ingestion (or one still queued in a live instance): one user's runs never overlap
 * (a per-user lock across instances) and a finished ingestion is never processed again, so
 * each is processed once. (With Inngest, Inngest owns retries: nothing is resumed here.)
 */
export async function resumePendingWork(): Promise<number> {
  if (inngestConfigured()) return 0;
  const db = await getDb();
  const pending = await pendingIngestions(db);
  for (const job of pending) runInProcess(processIngestionJob.spec, job);
  if (pending.length) console.log(`[pio] resumed ${pending.length} pending ingestion(s)`);
  // Follow-ups of finished ingestions that the stopped process had not run yet (a resumed
  // ingestion dispatches its own when it finishes). Only on the embedded database, which one
  // process owns: on a shared server the sweep would scan every instance's users at each start,
  // and a Stage 3 claim may belong to a live instance.
  if (chooseDriver() !== "pglite") return pending.length;
  const summaries = await staleSummaryUsers(db);
  for (const endUserId of summaries) runInProcess(refreshSummaryJob.spec, { endUserId });
  const stage3 = await pendingStage3Runs(db);
  for (const run of stage3) runInProcess(stage3Job.spec, run);
  if (summaries.length || stage3.length) console.log(`[pio] resumed ${summaries.length} summary refresh(es) and ${stage3.length} Stage 3 run(s)`);
  const deliveries = await pendingDeliveries(db);
  for (const d of deliveries) runInProcess(deliverWebhookJob.spec, d);
  if (deliveries.length) console.log(`[pio] resumed ${deliveries.length} webhook delivery(ies)`);
  return pending.length;
}

/** After an upgrade, give memories stored before the user model its fields. */
export async function startFactAnalysisIfNeeded(): Promise<boolean> {
  if (!(await needsFactAnalysis(await getDb()))) return false;
  await dispatch(analyzeFactsJob, { version: 1 });
  console.log("[pio] analyzing memories stored before the user model");
  return true;
}

/** After an embedding-provider switch, start the backfill that re-embeds stored text. */
export async function startReembeddingIfNeeded(): Promise<boolean> {
  if (!(await needsReembedding(await getDb()))) return false;
  await dispatch(reembedJob, { model: getEmbeddingProvider().model });
  console.log(`[pio] re-embedding stored text with ${getEmbeddingProvider().model}`);
  return true;
}
