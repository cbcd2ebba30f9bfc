import { and, eq, inArray, notLike, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import { endUsers, memories } from "@/db/schema";
import { firstNameOf, userDisplayName } from "@/server/profile/model";
import { describeFact } from "./index";

/**
 * Memories stored before the user model (extractors "offline-v1", "llm-v1") have no topic,
 * salience, entities or time of their own. This fills them in, batch by batch, with the offline
 * analysis (their status stays current: supersession is not replayed for old rows), and marks
 * them "<extractor>+model". Started at boot when such rows exist.
 */
const OLD_EXTRACTORS = ["offline-v1", "llm-v1"];
const BATCH = 500;

const unanalyzed = () => and(inArray(memories.extractor, OLD_EXTRACTORS), notLike(memories.extractor, "%+model"));

export async function needsFactAnalysis(db: Database): Promise<boolean> {
  const [row] = await db.select({ id: memories.id }).from(memories).where(unanalyzed()).limit(1);
  return Boolean(row);
}

/** Analyzes one batch; returns the end users whose facts changed (empty when nothing is left). */
export async function analyzeStoredFacts(db: Database): Promise<string[]> {
  const rows = await db
    .select({ id: memories.id, text: memories.text, occurredAt: memories.occurredAt, createdAt: memories.createdAt, extractor: memories.extractor, endUserId: memories.endUserId })
    .from(memories)
    .where(unanalyzed())
    .limit(BATCH);
  if (!rows.length) return [];
  const userIds = [...new Set(rows.map((r) => r.endUserId))];
  const users = await db.select({ id: endUsers.id, traits: endUsers.traits }).from(endUsers).where(or(...userIds.map((id) => eq(endUsers.id, id))));
  const subjectOf = new Map(users.map((u) => [u.id, firstNameOf(userDisplayName(u.traits))]));
  await db.transaction(async (tx) => {
    for (const r of rows) {
      const said = r.occurredAt ?? r.createdAt;
      const a = describeFact({ text: r.text, sourceIds: [], occurredAt: said }, subjectOf.get(r.endUserId) ?? null);
      await tx
        .update(memories)
        .set({ topic: a.topic, salience: a.salience, entities: a.entities, slot: a.slot, validFrom: a.validFrom, extractor: `${r.extractor}+model`, updatedAt: new Date() })
        .where(eq(memories.id, r.id));
    }
  });
  return userIds;
}
