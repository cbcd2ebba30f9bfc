import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { memories, type EndUser, type Environment } from "@/db/schema";
import { backgroundJobs, type ServiceContext } from "@/server/service/context";
import { anySubscriber, emitEvent } from "@/server/webhooks/emit";

/**
 * Webhook events of memories (docs/api.md, "Webhooks"): one event per change, naming the user
 * and the memories by id (never their text). `cause` says what changed them: `extraction`,
 * `reconcile` (a newer fact superseded them, or deleting that fact restored them), `edit`,
 * `delete`.
 */
export async function emitMemoryEvent(
  ctx: Pick<ServiceContext, "db" | "scope" | "jobs">,
  type: "memory.created" | "memory.updated" | "memory.deleted",
  user: Pick<EndUser, "userId">,
  memoryIds: string[],
  cause: "extraction" | "reconcile" | "edit" | "delete",
  extra: Record<string, unknown> = {},
): Promise<void> {
  if (!memoryIds.length) return;
  await emitEvent(ctx, type, { user_id: user.userId, memory_ids: memoryIds, cause, ...extra });
}

/**
 * After an ingestion is processed: `memory.created` for the memories it stored, and
 * `memory.updated` for the earlier facts they superseded.
 */
export async function emitExtractedMemories(
  db: Database,
  job: { workspaceId: string; environment: string; endUserId: string; ingestionId: string },
  user: Pick<EndUser, "userId"> | null,
): Promise<void> {
  if (!user) return;
  const ctx = { db, scope: { workspaceId: job.workspaceId, environment: job.environment as Environment }, jobs: backgroundJobs };
  // Without a subscriber, the memories are not looked up at all.
  if (!(await anySubscriber(ctx, ["memory.created", "memory.updated"]))) return;
  const created = await db
    .select({ id: memories.id })
    .from(memories)
    .where(and(eq(memories.endUserId, job.endUserId), eq(memories.ingestionId, job.ingestionId)));
  const ids = created.map((r) => r.id);
  const superseded = ids.length
    ? await db
        .select({ id: memories.id })
        .from(memories)
        .where(and(eq(memories.endUserId, job.endUserId), inArray(memories.supersededBy, ids)))
    : [];
  const extra = { ingestion_id: job.ingestionId };
  await emitMemoryEvent(ctx, "memory.created", user, ids, "extraction", extra);
  await emitMemoryEvent(ctx, "memory.updated", user, superseded.map((r) => r.id).filter((id) => !ids.includes(id)), "reconcile", extra);
}
