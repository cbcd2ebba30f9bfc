import { chooseDriver, getDb } from "@/db/client";
import { pendingIngestions } from "@/server/ingest/recover";
import { inngestConfigured } from "./client";
import { processIngestionJob } from "./functions/process-ingestion";
import { runInProcess } from "./runner";

/**
 * In-process mode keeps queued work in memory, so a restart would strand it. The embedded
 * database belongs to one process, so at start-up everything still pending is ours to resume.
 * (With Inngest, Inngest owns retries; with a shared Postgres and no Inngest, instances
 * cannot tell whose work is pending, so nothing is resumed.)
 */
export async function resumePendingWork(): Promise<number> {
  if (inngestConfigured() || chooseDriver() !== "pglite") return 0;
  const pending = await pendingIngestions(await getDb());
  for (const job of pending) runInProcess(processIngestionJob.spec, job);
  if (pending.length) console.log(`[pio] resumed ${pending.length} pending ingestion(s)`);
  return pending.length;
}
