import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as register } from "@/app/(api)/register/route";
import { GET as summary } from "@/app/(api)/summary/route";
import { getDb } from "@/db/client";
import { endUsers, ingestions, memories, searchIndex, stage3Runs } from "@/db/schema";
import type { JobSpec, Steps } from "@/inngest/define";
import { processIngestionJob } from "@/inngest/functions/process-ingestion";
import { refreshSummaryJob } from "@/inngest/functions/refresh-summary";
import { stage3Job, stage3RefreshJob } from "@/inngest/functions/stage3";
import { waitForIdle } from "@/inngest/runner";
import { ingest } from "@/server/ingest/ingest";
import { memoryCount, thresholdFor } from "@/server/profile/stage3";
import type { IngestionJobData } from "@/server/ingest/ingest";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";

/**
 * A burst of ingestions for one user (a client sending a long history in batches): each
 * ingestion is processed, but the follow-ups that read the whole user model (the summary and
 * Stage 3 refreshes, the user's own search indexes) run once, after the last one — or after a
 * failed one. A Stage 3 run at a memory-count threshold still happens where it is reached.
 */

let t: TestWorkspace;
beforeAll(async () => {
  t = await testWorkspace();
});

/** Runs of each follow-up job, counted where the in-process runner calls them. */
const runs = new Map<string, number>();
const restore: (() => void)[] = [];
for (const job of [refreshSummaryJob, stage3Job, stage3RefreshJob] as { spec: JobSpec<never> }[]) {
  const inner = job.spec.handler;
  job.spec.handler = (args) => {
    runs.set(job.spec.id, (runs.get(job.spec.id) ?? 0) + 1);
    return inner(args);
  };
  restore.push(() => (job.spec.handler = inner));
}
afterEach(() => runs.clear());
afterAll(() => restore.forEach((r) => r()));

const steps: Steps = { run: async (_id, fn) => JSON.parse(JSON.stringify((await fn()) ?? null)) };

const FACTS = [
  "I'm vegetarian and allergic to peanuts.",
  "I work as a nurse at the children's hospital.",
  "My sister Lena lives in Porto.",
  "I play the cello in a community orchestra.",
  "I run 10k every Saturday morning.",
  "I love Thai food, especially green curry.",
  "My dog Biscuit is a beagle.",
  "I'm learning Portuguese for a move next year.",
  "I prefer short emails over phone calls.",
  "I volunteer at a food bank on Sundays.",
  "My partner Sam is a carpenter.",
  "I drink my coffee black.",
  "I moved to Lisbon in 2021 for a job.",
  "My mother is a retired teacher in Taipei.",
  "I'm training for the Berlin marathon.",
  "I hate cilantro.",
  "My best friend Noor is a pilot.",
  "I collect vintage film cameras.",
];

/** Three ingestions of a user's history, all queued before the first is processed (a burst). */
async function queueBurst(userId: string): Promise<IngestionJobData[]> {
  await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: userId, traits: { name: "Mira Chen" } } });
  const jobs: IngestionJobData[] = [];
  for (let b = 0; b < 3; b++) {
    const { job } = await ingest(await getDb(), { workspaceId: t.workspace.id, environment: "sandbox" }, {
      user_id: userId,
      message_history: FACTS.slice(b * 6, b * 6 + 6).map((content, i) => ({
        role: "user",
        content,
        timestamp: new Date(Date.UTC(2025, 2, 1 + b, 9, i)).toISOString(),
      })),
    });
    jobs.push(job!);
  }
  await waitForIdle(); // the summary refresh of /register
  runs.clear();
  return jobs;
}

async function endUserId(userId: string): Promise<string> {
  const [u] = await t.db.select({ id: endUsers.id }).from(endUsers).where(and(eq(endUsers.workspaceId, t.workspace.id), eq(endUsers.userId, userId)));
  return u!.id;
}

const process = (job: IngestionJobData) => processIngestionJob.spec.handler({ data: job, step: steps, attempt: 0 });

describe("follow-ups of a burst of ingestions", () => {
  it("run once, after the last ingestion, from all of its facts", async () => {
    const jobs = await queueBurst("burst");
    const id = await endUserId("burst");
    const thresholds: number[] = [];
    for (const job of jobs.slice(0, 2)) {
      await process(job);
      const t3 = thresholdFor(await memoryCount(t.db, id));
      if (t3 !== null && !thresholds.includes(t3)) thresholds.push(t3);
    }
    await waitForIdle();
    // Two ingestions done, one still queued: the summary and the Stage 3 answers are not
    // refreshed yet; a Stage 3 threshold reached on the way has its run.
    expect(runs.get("refresh-summary")).toBeUndefined();
    expect(runs.get("stage3-refresh")).toBeUndefined();
    expect(runs.get("stage3-agentic-search")).toBe(thresholds.length || undefined);

    await process(jobs[2]!);
    await waitForIdle();
    expect(runs.get("refresh-summary")).toBe(1);
    const reached = thresholdFor(await memoryCount(t.db, id))!;
    if (!thresholds.includes(reached)) thresholds.push(reached);
    // One Stage 3 run per threshold crossed, the last at the threshold all the facts reach.
    expect(thresholds.length).toBeGreaterThanOrEqual(2);
    const stage3 = await t.db.select().from(stage3Runs).where(eq(stage3Runs.endUserId, id)).orderBy(stage3Runs.threshold);
    expect(stage3.map((r) => [r.threshold, r.status])).toEqual(thresholds.map((x) => [x, "done"]));
    expect(runs.get("stage3-agentic-search")).toBe(thresholds.length);
    const { body } = await call(summary, "GET", "/summary", { key: t.keys.sandbox, query: { user_id: "burst" } });
    // The summary holds facts of the first and of the last ingestion.
    expect(body.summary).toMatch(/peanut/i);
    expect(body.summary).toMatch(/Lisbon/);
  });

  it("a failed last ingestion runs them (for what the earlier ones stored)", async () => {
    const jobs = await queueBurst("burst-fail");
    const id = await endUserId("burst-fail");
    await process(jobs[0]!);
    await process(jobs[1]!);
    await waitForIdle();
    expect(runs.get("refresh-summary")).toBeUndefined();
    // Its retries spent, the runner calls onFailure.
    await processIngestionJob.spec.onFailure!({ data: jobs[2]!, error: new Error("model unavailable") });
    await waitForIdle();
    const [last] = await t.db.select({ status: ingestions.status }).from(ingestions).where(eq(ingestions.id, jobs[2]!.ingestionId));
    expect(last!.status).toBe("failed");
    expect(runs.get("refresh-summary")).toBe(1);
    const { body } = await call(summary, "GET", "/summary", { key: t.keys.sandbox, query: { user_id: "burst-fail" } });
    expect(body.summary).toMatch(/peanut/i);
    expect(body.summary).toMatch(/Portuguese|cello|beagle|Biscuit/);
    expect((await t.db.select().from(stage3Runs).where(eq(stage3Runs.endUserId, id))).map((r) => r.status)).toContain("done");
  });

  it("an ingestion with no other pending sends them at once, as before", async () => {
    const [only] = (await queueBurst("single")).slice(0, 1);
    // The other two of the burst are processed first, so that `only` is the last one pending.
    const all = await t.db.select({ id: ingestions.id }).from(ingestions).where(and(eq(ingestions.workspaceId, t.workspace.id), eq(ingestions.status, "queued")));
    for (const r of all) if (r.id !== only!.ingestionId) await t.db.update(ingestions).set({ status: "done" }).where(eq(ingestions.id, r.id));
    await process(only!);
    await waitForIdle();
    expect(runs.get("refresh-summary")).toBe(1);
  });

  it("an old ingestion stuck in the queue (its job lost) does not hold them up", async () => {
    const jobs = await queueBurst("stuck");
    await t.db.update(ingestions).set({ createdAt: sql`now() - interval '2 hours'` }).where(eq(ingestions.id, jobs[2]!.ingestionId));
    await process(jobs[0]!);
    await process(jobs[1]!);
    await waitForIdle();
    // jobs[1] saw only the stale one pending: it sent the follow-ups.
    expect(runs.get("refresh-summary")).toBe(1);
  });
});

describe("Stage 3 over a burst", () => {
  it("stores one searchable entry per question answered", async () => {
    const id = await endUserId("burst");
    const facts = await t.db.select({ n: sql<number>`count(*)` }).from(memories).where(and(eq(memories.endUserId, id), eq(memories.kind, "fact")));
    expect(Number(facts[0]!.n)).toBeGreaterThanOrEqual(10);
    const rows = await t.db.execute<{ n: number; distinct_questions: number }>(
      sql`select count(*)::int as n, count(distinct extra->>'question_index')::int as distinct_questions
            from ${searchIndex} where end_user_id = ${id} and source = 'stage3'`,
    );
    expect(rows.rows[0]!.n).toBeGreaterThan(3);
    expect(rows.rows[0]!.n).toBe(rows.rows[0]!.distinct_questions);
  });
});
