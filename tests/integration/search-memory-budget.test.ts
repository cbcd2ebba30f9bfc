// vitest: own process
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as chunks } from "@/app/(api)/chunks/route";
import { POST as ingest } from "@/app/(api)/ingest/route";
import { POST as register } from "@/app/(api)/register/route";
import { chooseDriver } from "@/db/client";
import { waitForIdle } from "@/inngest/runner";
import { resetEnvCache } from "@/server/env";
import { load, searchMemoryEnabled, searchMemorySettled, searchMemoryStats } from "@/server/retrieval/memory-index";
import { findEndUser } from "@/server/users/find";
import { RESTAURANT_ASH, SALES_PRIYA } from "../helpers/scenarios";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";

/** SEARCH_MEMORY_MB bounds what the embedded database keeps in memory; 0 turns it off. */

const embedded = chooseDriver() === "pglite";
let t: TestWorkspace;

function budget(mb: string | undefined) {
  if (mb === undefined) delete process.env.SEARCH_MEMORY_MB;
  else process.env.SEARCH_MEMORY_MB = mb;
  resetEnvCache();
}

const ask = async (user_id: string, content: string) => {
  const res = await call(chunks, "POST", "/chunks", { key: t.keys.sandbox, body: { user_id, history: [{ role: "user", content }], k: 5 } });
  expect(res.status).toBe(200);
  return (res.body.chunks as { text: string }[]).map((c) => c.text).join("\n");
};

beforeAll(async () => {
  budget("0");
  t = await testWorkspace();
  for (const [user_id, name, messages] of [
    ["ash", "Ash Lewis", RESTAURANT_ASH],
    ["priya", "Priya Nair", SALES_PRIYA],
  ] as const) {
    expect((await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id, traits: { name } } })).status).toBe(201);
    expect((await call(ingest, "POST", "/ingest", { key: t.keys.sandbox, body: { user_id, message_history: messages } })).status).toBe(200);
  }
  await waitForIdle();
});

afterAll(() => budget(undefined));

describe.runIf(embedded)("SEARCH_MEMORY_MB", () => {
  it("0: nothing is kept, and every search runs its statement", async () => {
    await searchMemorySettled();
    expect(searchMemoryEnabled()).toBe(false);
    expect(searchMemoryStats()).toMatchObject({ users: 0, bytes: 0 });
    expect(await ask("ash", "What is Ash allergic to?")).toMatch(/peanut/i);
    expect(searchMemoryStats().users).toBe(0);
  });

  it("past the budget, the user searched least recently is dropped; searches stay right", async () => {
    budget("1000");
    const scope = { workspaceId: t.workspace.id, environment: "sandbox" as const };
    const ash = (await findEndUser(t.db, scope, "ash"))!;
    const priya = (await findEndUser(t.db, scope, "priya"))!;
    const a = (await load(t.db, ash.id))!;
    const p = (await load(t.db, priya.id))!;
    expect(searchMemoryStats()).toMatchObject({ users: 2, bytes: a.bytes + p.bytes });
    // Room for the larger of the two only.
    budget(String(Math.max(a.bytes, p.bytes) / 2 ** 20));
    await ask("priya", "Who is Priya's manager?"); // priya is now the more recent
    await load(t.db, ash.id);
    const stats = searchMemoryStats();
    expect(stats.users).toBe(1);
    expect(stats.bytes).toBe(a.bytes);
    // priya was dropped: her search runs the statement (and loads her again in the background).
    expect(await ask("priya", "What deals is Priya working on?")).not.toBe("");
    expect(await ask("ash", "What is Ash allergic to?")).toMatch(/peanut/i);
  });
});
