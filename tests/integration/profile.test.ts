import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as chunks } from "@/app/(api)/chunks/route";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { POST as query } from "@/app/(api)/query/route";
import { POST as register } from "@/app/(api)/register/route";
import { GET as summary } from "@/app/(api)/summary/route";
import { chooseDriver } from "@/db/client";
import { endUsers, profileSummaries, queryAnswers, stage3Entries, stage3Runs } from "@/db/schema";
import { stage3Job } from "@/inngest/functions/stage3";
import { runInProcess, waitForIdle } from "@/inngest/runner";
import { changeEndUsers } from "@/server/users/find";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";
import { specRequest, specSummaryQuery } from "../helpers/spec";

let t: TestWorkspace;
beforeAll(async () => {
  t = await testWorkspace();
  // The spec's register example (by email) and the user id its ingest example uses.
  const reg = JSON.parse(specRequest("POST /register"));
  const res = await call(register, "POST", "/register", { key: t.keys.sandbox, body: { ...reg, user_id: "usr_42af7c" } });
  expect(res.status).toBe(201);
  const ing = await call(ingest, "POST", "/ingest", { key: t.keys.sandbox, raw: specRequest("POST /ingest") });
  expect(ing.status).toBe(200);
  await waitForIdle();
});

const getSummary = (q: Record<string, string | number>, key = t.keys.sandbox) => call(summary, "GET", "/summary", { key, query: q });

describe("GET /summary (Stage 2)", () => {
  it("the spec's request names Ash and the sushi / late-dinner preference, and is identical on a second call", async () => {
    const url = new URL(specSummaryQuery(), "http://x");
    const first = await call(summary, "GET", specSummaryQuery(), { key: t.keys.sandbox });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ user_id: "usr_42af7c", purpose: null, cached: true, generated_at: expect.any(String) });
    expect(first.body.summary).toMatch(/Ash/);
    expect(first.body.summary).toMatch(/sushi/);
    expect(first.body.summary).toMatch(/late dinners/);
    expect(first.body.summary.length).toBeLessThanOrEqual(Number(url.searchParams.get("max_chars")));
    const second = await call(summary, "GET", specSummaryQuery(), { key: t.keys.sandbox });
    expect(second.body.summary).toBe(first.body.summary);
    expect(second.body.generated_at).toBe(first.body.generated_at);
  });

  it("never exceeds max_chars, cutting at a sentence or a word", async () => {
    const full = (await getSummary({ user_id: "usr_42af7c", max_chars: 5000 })).body.summary as string;
    for (const max of [1, 5, 12, 40, 80, 150, 300, full.length, full.length - 1]) {
      const s = (await getSummary({ user_id: "usr_42af7c", max_chars: max })).body.summary as string;
      expect(s.length, `max_chars=${max}`).toBeLessThanOrEqual(max);
      if (max >= 40) expect(s.endsWith(".") || s.endsWith("…"), `max_chars=${max}: ${s}`).toBe(true);
    }
  });

  it("focuses by purpose: a scheduling summary keeps the timezone and puts schedule facts before food", async () => {
    const res = await getSummary({ user_id: "usr_42af7c", purpose: "meeting scheduling app" });
    expect(res.status).toBe(200);
    expect(res.body.purpose).toBe("meeting scheduling app");
    expect(res.body.summary).toMatch(/America\/Los_Angeles/);
    expect(res.body.summary).toMatch(/late dinners/);
    expect(res.body.summary).not.toMatch(/\b(I|my|we|our)\b/);
  });

  it("regenerates in the background when memories change", async () => {
    const before = (await getSummary({ user_id: "usr_42af7c" })).body;
    await call(ingest, "POST", "/ingest", {
      key: t.keys.sandbox,
      body: { user_id: "usr_42af7c", message_history: [{ role: "user", content: "I prefer meetings after 1pm.", timestamp: "2025-11-02T10:00:00Z" }] },
    });
    await waitForIdle();
    const after = (await getSummary({ user_id: "usr_42af7c" })).body;
    expect(after.summary).toMatch(/prefers meetings after 1pm/);
    expect(after.generated_at).not.toBe(before.generated_at);
  });

  it("a stored summary is read from memory on the embedded database (every request reads it on a server), and a new one is served at once", async () => {
    const before = (await getSummary({ user_id: "usr_42af7c" })).body;
    const [user] = await t.db.select().from(endUsers).where(and(eq(endUsers.workspaceId, t.workspace.id), eq(endUsers.userId, "usr_42af7c")));
    // The row goes behind the application's back: only a cached copy can still answer with it.
    await t.db.delete(profileSummaries).where(eq(profileSummaries.endUserId, user!.id));
    const again = (await getSummary({ user_id: "usr_42af7c" })).body;
    if (chooseDriver() === "pglite") expect(again).toEqual(before);
    else expect(again).toMatchObject({ cached: false, summary: before.summary });
    // A summary written by the background job is what the next request gets.
    await call(ingest, "POST", "/ingest", {
      key: t.keys.sandbox,
      body: { user_id: "usr_42af7c", message_history: [{ role: "user", content: "I started rock climbing on Saturdays.", timestamp: "2025-11-03T10:00:00Z" }] },
    });
    await waitForIdle();
    const after = (await getSummary({ user_id: "usr_42af7c" })).body;
    expect(after.summary).toMatch(/rock climbing/);
    expect(after.generated_at).not.toBe(before.generated_at);
  });

  it("a summary read together with its user (user not in memory) is kept in memory as well", async () => {
    // A new summary (the job's write empties the summary cache), then the user out of memory:
    // the next request reads user and summary in one statement.
    await call(ingest, "POST", "/ingest", {
      key: t.keys.sandbox,
      body: { user_id: "usr_42af7c", message_history: [{ role: "user", content: "I also swim on Sundays.", timestamp: "2025-11-04T10:00:00Z" }] },
    });
    await waitForIdle();
    await changeEndUsers(async () => undefined);
    const first = (await getSummary({ user_id: "usr_42af7c" })).body;
    expect(first).toMatchObject({ cached: true, summary: expect.stringMatching(/swim/) });
    const [user] = await t.db.select().from(endUsers).where(and(eq(endUsers.workspaceId, t.workspace.id), eq(endUsers.userId, "usr_42af7c")));
    await t.db.delete(profileSummaries).where(eq(profileSummaries.endUserId, user!.id));
    const again = (await getSummary({ user_id: "usr_42af7c" })).body;
    if (chooseDriver() === "pglite") expect(again).toEqual(first);
    else expect(again).toMatchObject({ cached: false, summary: first.summary });
  });

  const bad: [string, Record<string, string>, number, string][] = [
    ["a non-numeric max_chars", { user_id: "usr_42af7c", max_chars: "lots" }, 400, "max_chars"],
    ["a zero max_chars", { user_id: "usr_42af7c", max_chars: "0" }, 400, "max_chars"],
    ["a negative max_chars", { user_id: "usr_42af7c", max_chars: "-5" }, 400, "max_chars"],
    ["a fractional max_chars", { user_id: "usr_42af7c", max_chars: "2.5" }, 400, "max_chars"],
    ["a missing user_id", {}, 400, "user_id"],
    ["an unknown user", { user_id: "nobody" }, 404, "user_id"],
  ];
  for (const [what, q, status, field] of bad) {
    it(`${status} for ${what}`, async () => {
      const res = await getSummary(q);
      expect(res.status).toBe(status);
      expect(res.body.error.field).toBe(field);
    });
  }
});

describe("POST /query", () => {
  it("answers the food question from the stored memory, then the same question comes back cached", async () => {
    const body = { user_id: "usr_42af7c", question: "What are the user's food preferences?", use_cache: true };
    const first = await call(query, "POST", "/query", { key: t.keys.sandbox, body });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ user_id: "usr_42af7c", question: body.question, cached: false });
    expect(first.body.answer).toMatch(/sushi/);
    const again = await call(query, "POST", "/query", { key: t.keys.sandbox, body });
    expect(again.body).toMatchObject({ cached: true, answer: first.body.answer });
    // The spec's request (a long multi-part question) works unchanged too.
    const spec = await call(query, "POST", "/query", { key: t.keys.sandbox, raw: specRequest("POST /query") });
    expect(spec.status).toBe(200);
    expect(typeof spec.body.answer).toBe("string");
  });

  it("use_cache: false runs fresh and refreshes the cached answer instead of duplicating it; answers never become Stage 3 entries", async () => {
    const body = { user_id: "usr_42af7c", question: "What are the user's food preferences?", use_cache: false };
    const [user] = await t.db.select().from(endUsers).where(and(eq(endUsers.workspaceId, t.workspace.id), eq(endUsers.userId, "usr_42af7c")));
    const [before] = await t.db.select().from(queryAnswers).where(eq(queryAnswers.endUserId, user!.id));
    const res = await call(query, "POST", "/query", { key: t.keys.sandbox, body });
    expect(res.body.cached).toBe(false);
    const cached = await t.db.select().from(queryAnswers).where(eq(queryAnswers.endUserId, user!.id));
    expect(cached.filter((e) => e.question === body.question)).toHaveLength(1);
    expect(cached[0]!.updatedAt.getTime()).toBeGreaterThanOrEqual(before!.updatedAt.getTime());
    const entries = await t.db.select().from(stage3Entries).where(eq(stage3Entries.endUserId, user!.id));
    expect(entries.filter((e) => e.origin === "query")).toEqual([]);
  });

  it("says plainly when it does not know, and does not cache that", async () => {
    const body = { user_id: "usr_42af7c", question: "What is the user's favourite quantum chromodynamics textbook?" };
    const res = await call(query, "POST", "/query", { key: t.keys.sandbox, body });
    expect(res.body).toMatchObject({ cached: false, answer: expect.stringMatching(/don't know/) });
    expect((await call(query, "POST", "/query", { key: t.keys.sandbox, body })).body.cached).toBe(false);
  });

  const bad: [string, unknown, number, string][] = [
    ["a blank question", { user_id: "usr_42af7c", question: "   " }, 400, "question"],
    ["a missing question", { user_id: "usr_42af7c" }, 400, "question"],
    ["a non-boolean use_cache", { user_id: "usr_42af7c", question: "x?", use_cache: "yes" }, 400, "use_cache"],
    ["an unknown user", { user_id: "nobody", question: "What?" }, 404, "user_id"],
  ];
  for (const [what, body, status, field] of bad) {
    it(`${status} for ${what}`, async () => {
      const res = await call(query, "POST", "/query", { key: t.keys.sandbox, body });
      expect(res.status).toBe(status);
      expect(res.body.error.field).toBe(field);
    });
  }
});

describe("Stage 3 (agentic search at memory thresholds)", () => {
  const facts = [
    "I love Thai food, especially green curry",
    "I work as a product designer at a fintech startup",
    "I usually go climbing on Saturday mornings",
    "My sister Lena lives in Berlin and we talk every Sunday",
    "I'm planning a trip to Japan in April",
    "I prefer short emails with bullet points",
    "I'm training for a half marathon",
  ];

  it("a user with 7 ingested facts gets Stage 3 chunks in /chunks", async () => {
    await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "seven", traits: { name: "Maya Chen" } } });
    const started = Date.now();
    await call(ingest, "POST", "/ingest", {
      key: t.keys.sandbox,
      body: { user_id: "seven", message_history: facts.map((content, i) => ({ id: `s${i}`, role: "user", content, timestamp: `2025-09-0${i + 1}T08:00:00Z` })) },
    });
    await waitForIdle();
    const [user] = await t.db.select().from(endUsers).where(and(eq(endUsers.workspaceId, t.workspace.id), eq(endUsers.userId, "seven")));
    const runs = await t.db.select().from(stage3Runs).where(eq(stage3Runs.endUserId, user!.id));
    expect(runs).toEqual([expect.objectContaining({ threshold: 5, status: "done" })]);
    const entries = await t.db.select().from(stage3Entries).where(eq(stage3Entries.endUserId, user!.id));
    expect(entries.length).toBeGreaterThanOrEqual(3);
    expect(Date.now() - started).toBeLessThan(30_000);
    const food = entries.find((e) => e.questionIndex === 5)!;
    expect(food).toMatchObject({ question: "What are the user's food preferences?", topic: "Food & preferences", topicKey: "food", threshold: 5 });
    expect(food.factIds.length).toBeGreaterThan(0);
    expect(food.answer).toMatch(/Thai food/);
    expect(food.sourceIds).toContain("s0");

    // Every answer here repeats one memory: /chunks shows that memory (server/retrieval/diversify.ts),
    // citing it, and no Stage 3 copy of it; even when only the answer ranked above the threshold.
    for (const [question, id] of <[string, string][]>[
      ["What are the user's food preferences?", "s0"],
      ["What does the user's schedule and daily routine look like?", "s2"],
    ]) {
      const res = await call(chunks, "POST", "/chunks", { key: t.keys.sandbox, body: { user_id: "seven", history: [{ role: "user", content: question }], k: 6 } });
      expect(res.body.chunks[0], question).toMatchObject({ source: "memory", source_ids: [id] });
      expect(res.body.chunks.filter((c: { source_ids: string[] }) => c.source_ids.includes(id)), question).toHaveLength(1);
    }
  });

  it("is idempotent per threshold, and a later threshold refreshes answers instead of duplicating them", async () => {
    const [user] = await t.db.select().from(endUsers).where(and(eq(endUsers.workspaceId, t.workspace.id), eq(endUsers.userId, "seven")));
    const before = await t.db.select().from(stage3Entries).where(eq(stage3Entries.endUserId, user!.id));
    runInProcess(stage3Job.spec, { endUserId: user!.id, threshold: 5 });
    await waitForIdle();
    expect(await t.db.select().from(stage3Runs).where(eq(stage3Runs.endUserId, user!.id))).toHaveLength(1);

    // Three more facts: 10 memories, the next threshold.
    await call(ingest, "POST", "/ingest", {
      key: t.keys.sandbox,
      body: {
        user_id: "seven",
        message_history: ["I also love ramen", "I adopted a cat named Pixel", "I started learning Japanese"].map((content, i) => ({
          id: `t${i}`,
          role: "user",
          content,
          timestamp: `2025-10-0${i + 1}T08:00:00Z`,
        })),
      },
    });
    await waitForIdle();
    const runs = await t.db.select().from(stage3Runs).where(eq(stage3Runs.endUserId, user!.id));
    expect(runs.map((r) => r.threshold).sort()).toEqual([10, 5]);
    const after = await t.db.select().from(stage3Entries).where(eq(stage3Entries.endUserId, user!.id));
    const indexes = after.map((e) => e.questionIndex);
    expect(new Set(indexes).size).toBe(indexes.length);
    const food = after.find((e) => e.questionIndex === 5)!;
    expect(food.version).toBe(2);
    expect(food.threshold).toBe(10);
    expect(after.length).toBeGreaterThanOrEqual(before.length);
  });

  it("an answer that brings several facts together comes back from /chunks as the Stage 3 entry", async () => {
    // After the previous test: Thai food and ramen, one food answer citing both.
    const res = await call(chunks, "POST", "/chunks", {
      key: t.keys.sandbox,
      body: { user_id: "seven", history: [{ role: "user", content: "What are the user's food preferences?" }], k: 6 },
    });
    const stage3 = res.body.chunks.filter((c: { source: string }) => c.source === "stage3");
    expect(stage3[0]).toMatchObject({
      id: expect.stringMatching(/^stage3_/),
      question_index: 5,
      question: "What are the user's food preferences?",
      answer: expect.stringMatching(/Thai food[\s\S]*ramen|ramen[\s\S]*Thai food/),
      text: expect.stringMatching(/^Q: .*\nA: /),
    });
    expect(stage3[0].source_ids).toEqual(expect.arrayContaining(["s0", "t0"]));
    expect(res.body.debug.stage3_count).toBe(stage3.length);
  });
});
