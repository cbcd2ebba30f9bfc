import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as profile } from "@/app/(api)/profile/route";
import { POST as register } from "@/app/(api)/register/route";
import { endUsers, memories, searchIndex } from "@/db/schema";
import { analyzeFactsJob } from "@/inngest/functions/analyze-facts";
import { runInProcess, waitForIdle } from "@/inngest/runner";
import { embedOffline, OFFLINE_EMBEDDING_MODEL } from "@/server/ai/embeddings";
import { newId } from "@/server/lib/ids";
import { needsFactAnalysis } from "@/server/memory/facts/backfill";
import { textHash } from "@/server/memory/text";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";

// Opening and migrating the database is setup (hook timeout), not the behaviour under test.
let t: TestWorkspace;
beforeAll(async () => {
  t = await testWorkspace();
});

describe("memories stored before the user model", () => {
  it("get topic, salience, entities and time from the backfill job, once", async () => {
    await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "old-timer", traits: { name: "Ash Lewis" } } });
    const [user] = await t.db.select().from(endUsers).where(and(eq(endUsers.workspaceId, t.workspace.id), eq(endUsers.userId, "old-timer")));
    const scope = { workspaceId: t.workspace.id, environment: "sandbox" as const, endUserId: user!.id };
    const old = [
      "Ash is severely allergic to peanuts.",
      "Ash's cofounder Sarah Chen runs engineering.",
      "Ash went to Lisbon last week (week of 3 March 2025).",
    ];
    for (const text of old) {
      const id = newId("mem");
      // As an earlier version stored them: no model fields (the column defaults).
      await t.db.insert(memories).values({ id, ...scope, text, textHash: textHash(text), sourceIds: ["m1"], occurredAt: new Date("2025-03-12T10:00:00Z"), extractor: "offline-v1" });
      await t.db.insert(searchIndex).values({ id, ...scope, source: "memory", memoryId: id, text, sourceIds: ["m1"], embedding: embedOffline(text), embeddingModel: OFFLINE_EMBEDDING_MODEL });
    }
    expect(await needsFactAnalysis(t.db)).toBe(true);
    runInProcess(analyzeFactsJob.spec, { version: 1 });
    await waitForIdle();
    expect(await needsFactAnalysis(t.db)).toBe(false);

    const rows = await t.db.select().from(memories).where(eq(memories.endUserId, user!.id));
    const byText = new Map(rows.map((r) => [r.text, r]));
    expect(byText.get(old[0]!)).toMatchObject({ topic: "health", salience: "safety", extractor: "offline-v1+model" });
    expect(byText.get(old[1]!)!.entities).toEqual([{ name: "Sarah Chen", type: "person", relation: "cofounder" }]);
    expect(byText.get(old[2]!)!.validFrom!.toISOString()).toBe("2025-03-03T00:00:00.000Z");
    const res = await call(profile, "GET", "/profile", { key: t.keys.sandbox, query: { user_id: "old-timer" } });
    expect(res.body.topics.map((x: { topic: string }) => x.topic)).toEqual(expect.arrayContaining(["health", "work", "travel"]));
  });
});
