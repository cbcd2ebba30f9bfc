import { getDb } from "@/db/client";
import { getEmbeddingProvider } from "@/server/ai/embeddings";
import { needsReembedding } from "@/server/retrieval/reembed";
import { dispatch } from "./dispatch";
import { reembedJob } from "./functions/reembed";
import { pendingIngestions } from "@/server/ingest/recover";
import { inngestConfigured } from "./client";
import { processIngestionJob } from "./functions/process-ingestion";
import { runInProcess } from "./runner";

/**
 * In-process mode keeps queued work in memory, so a restart would strand it: at start-up,
 * everything still pending is resumed. On a server Postgres several instances may resume the
 * same ingestion (or one still queued in a live instance): one user's runs never overlap
 * (a per-user lock across instances) and a finished ingestion is never processed again, so
 * each is processed once. (With Inngest, Inngest owns retries: nothing is resumed here.)
 */
export async function resumePendingWork(): Promise<number> {
  if (inngestConfigured()) return 0;
  const pending = await pendingIngestions(await getDb());
  for (const job of pending) runInProcess(processIngestionJob.spec, job);
  if (pending.length) console.log(`[pio] resumed ${pending.length} pending ingestion(s)`);
  return pending.length;
}

/** After an embedding-provider switch, start the backfill that re-embeds stored text. */
export async function startReembeddingIfNeeded(): Promise<boolean> {
  if (!(await needsReembedding(await getDb()))) return false;
  await dispatch(reembedJob, { model: getEmbeddingProvider().model });
  console.log(`[pio] re-embedding stored text with ${getEmbeddingProvider().model}`);
  return true;
}
