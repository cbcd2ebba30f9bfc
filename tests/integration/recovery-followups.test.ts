import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as register } from "@/app/(api)/register/route";
import { GET as summary } from "@/app/(api)/summary/route";
import { endUsers, stage3Entries, stage3Runs } from "@/db/schema";
import { resumePendingWork } from "@/inngest/recover";
import { waitForIdle } from "@/inngest/runner";
import { ingest } from "@/server/ingest/ingest";
import { processIngestion } from "@/server/ingest/process";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";

/**
 * The follow-ups of an ingestion (the summary refresh, Stage 3) live in the in-process queue:
 * a process stopped by kill -9 or SIGTERM after an ingestion finished drops them. The next
 * start must pick them up from what the database says, as it does for ingestions.
 */
let t: TestWorkspace;
const scope = () => ({ workspaceId: t.workspace.id, environment: "sandbox" as const });
/** Runs an ingestion's pipeline the way the job does, but without its follow-ups (dropped at a stop). */
const steps = { run: <T>(_id: string, fn: () => Promise<T>) => fn(), sleep: async () => {} };

async function user(userId: string) {
  await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: userId, traits: { name: "Ash Lewis" } } });
  await waitForIdle();
  const [row] = await t.db.select().from(endUsers).where(and(eq(endUsers.workspaceId, t.workspace.id), eq(endUsers.userId, userId)));
  return row!;
}

async function ingestWithoutFollowUps(userId: string, contents: string[]) {
  const { job } = await ingest(t.db, scope(), {
    user_id: userId,
    message_history: contents.map((content, i) => ({ role: "user" as const, content, timestamp: new Date(Date.UTC(2025, 0, 1, 10, i)).toISOString() })),
  });
  await processIngestion(job!, steps);
}

beforeAll(async () => {
  t = await testWorkspace();
});

describe("follow-ups dropped by a stop are resumed at the next start", () => {
  it("a summary older than the memories it summarizes is refreshed", async () => {
    await user("stale-summary");
    const first = await call(summary, "GET", "/summary", { key: t.keys.sandbox, query: { user_id: "stale-summary" } });
    expect(first.status).toBe(200);
    expect(first.body.summary).not.toMatch(/peanut/i);

    await ingestWithoutFollowUps("stale-summary", ["I am allergic to peanuts, it is serious.", "I work as a nurse in Leeds."]);
    // The stored summary is what /summary serves: still the old one.
    expect((await call(summary, "GET", "/summary", { key: t.keys.sandbox, query: { user_id: "stale-summary" } })).body.summary).not.toMatch(/peanut/i);

    await resumePendingWork();
    await waitForIdle();
    expect((await call(summary, "GET", "/summary", { key: t.keys.sandbox, query: { user_id: "stale-summary" } })).body.summary).toMatch(/peanut/i);
  });

  it("a Stage 3 run a stopped process had claimed but not finished runs again", async () => {
    const u = await user("stage3-claimed");
    await ingestWithoutFollowUps(
      "stage3-claimed",
      ["I love sushi.", "I play tennis on Sundays.", "My sister is called Mara.", "I work at a bakery.", "I live in Porto.", "I am learning Japanese."],
    );
    // Claimed by the process that stopped: status running, never finished.
    await t.db.insert(stage3Runs).values({ id: "s3run_abandoned", workspaceId: u.workspaceId, environment: u.environment, endUserId: u.id, threshold: 5 });

    await resumePendingWork();
    await waitForIdle();
    const runs = await t.db.select().from(stage3Runs).where(eq(stage3Runs.endUserId, u.id));
    expect(runs.map((r) => [r.threshold, r.status])).toEqual([[5, "done"]]);
    expect((await t.db.select().from(stage3Entries).where(eq(stage3Entries.endUserId, u.id))).length).toBeGreaterThan(0);
  });

  it("a Stage 3 threshold reached but never run is run", async () => {
    const u = await user("stage3-never");
    await ingestWithoutFollowUps(
      "stage3-never",
      ["I love ramen.", "I swim every morning.", "My brother is called Leo.", "I teach maths.", "I live in Lyon.", "I collect vinyl records."],
    );
    expect(await t.db.select().from(stage3Runs).where(eq(stage3Runs.endUserId, u.id))).toEqual([]);

    await resumePendingWork();
    await waitForIdle();
    const runs = await t.db.select().from(stage3Runs).where(eq(stage3Runs.endUserId, u.id));
    expect(runs.map((r) => r.status)).toEqual(["done"]);
  });
});
