import { processIngestionJob } from "@/inngest/functions/process-ingestion";
import { logError } from "@/server/lib/log";
import type { ServiceContext } from "@/server/service/context";
import { ingest, type IngestResult } from "./ingest";
import { WAIT_DEFAULT_SECONDS, type IngestBody } from "./schema";
import { getIngestion, waitForIngestion, type IngestionStatus } from "./status";

export interface WaitOutcome {
  /** The ingestion's status when the answer was sent: `done`/`failed`, or still `queued`/`processing` after the bound. */
  status: IngestionStatus["status"];
  /** Where to follow it (`GET /ingestions/{id}`). */
  status_url: string;
  waited_ms: number;
  /** The processed ingestion (counts, per-item outcomes), once it finished within the bound. */
  ingestion?: IngestionStatus;
}

/**
 * POST /ingest as a use case: stores what the agent sent (redacted, one transaction) and starts
 * its processing once committed. With `options.wait` it answers after processing — polling the
 * ingestion row, so it works the same with the in-process runner and with Inngest — bounded by
 * `options.wait_timeout` seconds (30 by default); past the bound it answers with the status so far.
 */
export async function submitIngestion(ctx: ServiceContext, body: IngestBody): Promise<IngestResult & Partial<WaitOutcome>> {
  const { result, job } = await ingest(ctx.db, ctx.scope, body);
  if (job) {
    // Committed: the ingestion is the client's now. A failed send (Inngest's event API down)
    // must not turn that into an error the client would retry into a duplicate; the scheduled
    // sweep sends it later (inngest/functions/requeue-ingestions.ts).
    await ctx.jobs.send(processIngestionJob, job).catch((e: unknown) => logError(`[pio] could not send ingestion ${result.ingestion_id} for processing (the sweep will):`, e));
  }
  if (!body.options?.wait) return result;

  const started = Date.now();
  const timeoutMs = (body.options.wait_timeout ?? WAIT_DEFAULT_SECONDS) * 1000;
  const finished = await waitForIngestion(ctx.db, result.ingestion_id, timeoutMs);
  const ingestion = await getIngestion(ctx, { id: result.ingestion_id });
  return {
    ...result,
    status: ingestion.status,
    status_url: `/ingestions/${result.ingestion_id}`,
    waited_ms: Date.now() - started,
    ...(finished ? { ingestion } : {}),
  };
}
