import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { endUsers, ingestions, type IngestionItemOutcome } from "@/db/schema";
import type { ServiceContext } from "@/server/service/context";
import { notFoundError } from "@/server/service/errors";

export type IngestionStatus = Awaited<ReturnType<typeof getIngestion>>;

/** An item as the API shows it: without the internal reference; a failed run says so on what it left pending. */
function publicItem(item: IngestionItemOutcome, failed: boolean): Omit<IngestionItemOutcome, "ref" | "outcome"> & { outcome: IngestionItemOutcome["outcome"] | "failed" } {
  const { ref: _ref, ...rest } = item;
  if (failed && item.outcome === "pending") return { ...rest, outcome: "failed", reason: "processing failed (see the ingestion's error); the item is stored" };
  return rest;
}

/** GET /ingestions/{id}: an ingestion of the context's workspace and environment, with its per-item outcomes. */
export async function getIngestion(ctx: Pick<ServiceContext, "db" | "scope">, input: { id: string }) {
  const { db, scope } = ctx;
  const [row] = await db
    .select({ ingestion: ingestions, userId: endUsers.userId })
    .from(ingestions)
    .innerJoin(endUsers, eq(endUsers.id, ingestions.endUserId))
    .where(and(eq(ingestions.id, input.id), eq(ingestions.workspaceId, scope.workspaceId), eq(ingestions.environment, scope.environment)))
    .limit(1);
  if (!row) throw notFoundError("ingestion_not_found", `No ingestion \`${input.id}\` in this environment.`, "id");
  const i = row.ingestion;
  return {
    ingestion_id: i.id,
    user_id: row.userId,
    status: i.status,
    counts: i.counts,
    items: i.items.map((item) => publicItem(item, i.status === "failed")),
    ...(i.error ? { error: i.error } : {}),
    attempts: i.attempts,
    created_at: i.createdAt.toISOString(),
    started_at: i.startedAt?.toISOString() ?? null,
    finished_at: i.finishedAt?.toISOString() ?? null,
  };
}

const POLL_MS = 100;
const POLL_MAX_MS = 1000;

/**
 * Waits until an ingestion is `done` or `failed`, reading its row (no lock held, so the worker
 * — in this process or an Inngest function elsewhere — is never in its way). Polls fast at first,
 * then up to once a second. Returns whether it finished within `timeoutMs`.
 */
export async function waitForIngestion(db: Database, id: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let pause = POLL_MS;
  for (;;) {
    const [row] = await db.select({ status: ingestions.status }).from(ingestions).where(eq(ingestions.id, id));
    if (!row || row.status === "done" || row.status === "failed") return Boolean(row);
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await new Promise((r) => setTimeout(r, Math.min(pause, left)));
    pause = Math.min(pause * 2, POLL_MAX_MS);
  }
}
