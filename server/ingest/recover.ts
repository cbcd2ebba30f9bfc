import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { ingestions } from "@/db/schema";
import type { IngestionJobData } from "./ingest";

/** Ingestions that were queued or running when the process that owned them stopped. */
export async function pendingIngestions(db: Database): Promise<IngestionJobData[]> {
  const rows = await db
    .select({ id: ingestions.id, endUserId: ingestions.endUserId, workspaceId: ingestions.workspaceId, environment: ingestions.environment })
    .from(ingestions)
    .where(inArray(ingestions.status, ["queued", "processing"]));
  return rows.map((r) => ({ ingestionId: r.id, endUserId: r.endUserId, workspaceId: r.workspaceId, environment: r.environment }));
}

/** How long an ingestion stays queued before the sweep sends its event again. */
export const STRANDED_AFTER_MS = 5 * 60_000;

/**
 * Ingestions still queued `olderThanMs` after they were stored, oldest first: with Inngest,
 * their event may never have been sent (/ingest's send failed after the commit).
 */
export async function strandedIngestions(db: Database, olderThanMs = STRANDED_AFTER_MS, limit = 1000): Promise<IngestionJobData[]> {
  const rows = await db
    .select({ id: ingestions.id, endUserId: ingestions.endUserId, workspaceId: ingestions.workspaceId, environment: ingestions.environment })
    .from(ingestions)
    .where(and(eq(ingestions.status, "queued"), lt(ingestions.createdAt, sql`now() - make_interval(secs => ${olderThanMs / 1000})`)))
    .orderBy(asc(ingestions.createdAt))
    .limit(limit);
  return rows.map((r) => ({ ingestionId: r.id, endUserId: r.endUserId, workspaceId: r.workspaceId, environment: r.environment }));
}
