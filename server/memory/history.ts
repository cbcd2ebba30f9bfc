import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { insertMany } from "@/db/insert-many";
import { memoryVersions, type Memory, type MemoryEvent, type StoredActor } from "@/db/schema";
import type { Actor } from "@/server/service/context";

/** A transaction or the database: history is written in the same transaction as the change. */
type Tx = Pick<Database, "insert" | "update" | "select" | "execute">;

/** The stored form of who made a change (never a key or an email). */
export function actorJson(actor: Actor): StoredActor {
  if (actor.kind === "api_key") return { kind: "api_key", id: actor.apiKeyId };
  if (actor.kind === "account") return { kind: "account", id: actor.accountId };
  return { kind: "system", name: actor.name };
}

export const EXTRACTION_ACTOR: StoredActor = { kind: "system", name: "ingestion" };

type Snapshot = Pick<Memory, "id" | "workspaceId" | "environment" | "endUserId" | "text"> &
  Partial<Pick<Memory, "topic" | "status" | "supersededBy" | "ingestionId">>;

/**
 * Appends one version per memory (after the change was applied). The version number follows
 * the memory's last one; callers hold the memory row's lock (an UPDATE or SELECT … FOR UPDATE
 * in the same transaction), so two changes of one memory never take the same number.
 */
export async function recordVersions(
  tx: Tx,
  event: MemoryEvent,
  rows: Snapshot[],
  meta: { actor: StoredActor; requestId?: string | null; firstVersion?: boolean },
): Promise<void> {
  if (!rows.length) return;
  const next = meta.firstVersion
    ? new Map(rows.map((r) => [r.id, 1]))
    : new Map(
        (
          await tx
            .select({ memoryId: memoryVersions.memoryId, max: sql<number>`max(${memoryVersions.version})` })
            .from(memoryVersions)
            .where(inArray(memoryVersions.memoryId, rows.map((r) => r.id)))
            .groupBy(memoryVersions.memoryId)
        ).map((r) => [r.memoryId, Number(r.max) + 1]),
      );
  const now = new Date();
  for (let i = 0; i < rows.length; i += 500) {
    await insertMany(
      tx,
      memoryVersions,
      rows.slice(i, i + 500).map((r) => ({
        memoryId: r.id,
        version: next.get(r.id) ?? 1,
        workspaceId: r.workspaceId,
        environment: r.environment,
        endUserId: r.endUserId,
        event,
        text: event === "delete" ? null : r.text,
        topic: r.topic ?? null,
        status: event === "delete" ? null : (r.status ?? "current"),
        supersededBy: r.supersededBy ?? null,
        ingestionId: r.ingestionId ?? null,
        actor: meta.actor,
        requestId: meta.requestId ?? null,
        createdAt: now,
      })),
    );
  }
}

/** On delete, the texts of earlier versions go too: what was deleted is not kept anywhere. */
export async function eraseVersionTexts(tx: Tx, endUserId: string, memoryId: string): Promise<void> {
  await tx
    .update(memoryVersions)
    .set({ text: null })
    .where(and(eq(memoryVersions.endUserId, endUserId), eq(memoryVersions.memoryId, memoryId)));
}
