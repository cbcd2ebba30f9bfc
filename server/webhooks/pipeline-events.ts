import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { endUsers, type EndUser, type Environment, type IngestionCounts } from "@/db/schema";
import { backgroundJobs } from "@/server/service/context";
import { emitEvent } from "./emit";

/**
 * The events of background work (the ingestion and Stage 3 jobs): they know the internal end
 * user id; payloads name the user by the client's own `user_id`.
 */
async function clientUserId(db: Database, endUserId: string): Promise<string | null> {
  const [row] = await db.select({ userId: endUsers.userId }).from(endUsers).where(eq(endUsers.id, endUserId)).limit(1);
  return row?.userId ?? null;
}

interface JobScope {
  workspaceId: string;
  environment: string;
  endUserId: string;
}

const ctxFor = (db: Database, s: JobScope) => ({
  db,
  scope: { workspaceId: s.workspaceId, environment: s.environment as Environment },
  jobs: backgroundJobs,
});

export async function emitIngestionCompleted(db: Database, s: JobScope & { ingestionId: string }, counts: IngestionCounts): Promise<void> {
  await emitEvent(ctxFor(db, s), "ingestion.completed", {
    ingestion_id: s.ingestionId,
    user_id: await clientUserId(db, s.endUserId),
    status: "done",
    counts,
  });
}

export async function emitIngestionFailed(db: Database, s: JobScope & { ingestionId: string }, error: Error): Promise<void> {
  await emitEvent(ctxFor(db, s), "ingestion.failed", {
    ingestion_id: s.ingestionId,
    user_id: await clientUserId(db, s.endUserId),
    status: "failed",
    error: error.message.slice(0, 300) || "processing failed",
  });
}

export async function emitStage3Completed(
  db: Database,
  user: Pick<EndUser, "workspaceId" | "environment" | "userId">,
  run: { threshold: number; questions: number; answered: number },
): Promise<void> {
  const ctx = { db, scope: { workspaceId: user.workspaceId, environment: user.environment }, jobs: backgroundJobs };
  await emitEvent(ctx, "stage3.completed", {
    user_id: user.userId,
    threshold: run.threshold,
    questions: run.questions,
    answers_stored: run.answered,
  });
}
