import { inArray } from "drizzle-orm";
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
