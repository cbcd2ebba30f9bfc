import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { ingestions, memories } from "@/db/schema";
import type { FakeEvent } from "../helpers/fake-inngest";
import { withInngestApi, type InngestApiTest } from "../helpers/inngest-app";
import { startFakeOpenAI } from "../helpers/fake-openai";

/**
 * With Inngest configured, work leaves the process: /ingest sends an event to Inngest's
 * event API, and Inngest calls /api/inngest, signed with the signing key, to run each step.
 * A local stand-in for Inngest (tests/helpers/fake-inngest.ts) plays Inngest's part.
 */
// Synced as a deploy does (the SDK registers the app's functions with Inngest), before the tests.
const ctx = withInngestApi({ user_id: "inn", traits: { name: "Noor Haddad" } });
let app: InngestApiTest["app"], fake: InngestApiTest["fake"], api: InngestApiTest["api"], routes: InngestApiTest["routes"], t: InngestApiTest["t"];
beforeAll(() => void ({ app, fake, api, routes, t } = ctx));

const deliver = (req: Request) => app.deliver(req);

async function ingestOne(content: string) {
  const res = await api.call(routes.ingest, "POST", "/ingest", {
    key: t.keys.sandbox,
    body: { user_id: "inn", message_history: [{ role: "user", content, timestamp: "2025-11-04T08:00:00Z" }] },
  });
  expect(res.status).toBe(200);
  return res.body.ingestion_id as string;
}

const status = (id: string) => ctx.status(id);

const eventFor = (ingestionId: string): FakeEvent => {
  const e = fake.events.find((x) => x.name === "pio/ingestion.created" && x.data.ingestionId === ingestionId);
  if (!e) throw new Error(`no event for ${ingestionId}`);
  return e;
};

describe("with Inngest configured", () => {
  it("PUT /api/inngest syncs every function to Inngest, authorized with the signing key", async () => {
    expect(app.syncStatus).toBe(200);
    const ids = fake.functions.map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining(["pio-process-ingestion", "pio-process-ingestion-failure", "pio-refresh-summary", "pio-stage3-agentic-search", "pio-reembed-search-index"]),
    );
    const processing = fake.functions.find((f) => f.id === "pio-process-ingestion")!;
    expect(processing.triggers).toEqual([{ event: "pio/ingestion.created" }]);
    expect(processing.concurrency).toEqual([{ key: "event.data.endUserId", limit: 1 }]);
    expect(new URL(processing.steps.step!.runtime.url).pathname).toBe("/api/inngest");
    expect(fake.refused).toEqual([]);
  });

  it("/ingest sends the event to Inngest's event API and runs nothing in this process", async () => {
    const id = await ingestOne("I am training for the Lisbon half marathon in March.");
    const e = eventFor(id);
    expect(e.data).toEqual({ ingestionId: id, endUserId: expect.stringMatching(/^eu_/), workspaceId: t.workspace.id, environment: "sandbox" });
    const { waitForIdle } = await import("@/inngest/runner");
    await waitForIdle(1000);
    expect((await status(id)).status).toBe("queued");
  });

  it("Inngest calling /api/inngest step by step runs the ingestion to done, and its follow-up work", async () => {
    const [id] = fake.events.filter((e) => e.name === "pio/ingestion.created").map((e) => e.data.ingestionId as string);
    const runs = await fake.drain(deliver);
    const run = runs.find((r) => r.functionId === "pio-process-ingestion" && r.event.data.ingestionId === id)!;
    expect(run.status).toBe("completed");
    expect(run.steps).toEqual(expect.arrayContaining(["load", "extract-0", "reconcile-0", "embed-0", "store-0", "update-counts", "follow-up"]));
    expect(run.calls).toBeGreaterThan(run.steps.length); // one request per step, and the last one that returns
    expect(run.output).toMatchObject({ memories_added: expect.any(Number), messages: 1 });

    const done = await status(id!);
    expect(done.status).toBe("done");
    expect(done.counts.memories_added).toBeGreaterThanOrEqual(1);
    const found = await api.call(routes.chunks, "POST", "/chunks", {
      key: t.keys.sandbox,
      body: { user_id: "inn", history: [{ role: "user", content: "What race am I training for?" }], similarity_threshold: 0 },
    });
    expect(found.body.chunks.map((c: { text: string }) => c.text).join(" ")).toMatch(/Lisbon half marathon/);
    // The follow-up step sent the summary refresh as an event; Inngest ran it through /api/inngest too.
    expect(runs.some((r) => r.functionId === "pio-refresh-summary" && r.status === "completed")).toBe(true);
    const summary = await api.call(routes.summary, "GET", "/summary", { key: t.keys.sandbox, query: { user_id: "inn" } });
    expect(JSON.stringify(summary.body)).toMatch(/marathon/i);
  });

  it("runs to done when Inngest checkpoints steps (several steps per request)", async () => {
    const id = await ingestOne("My sister Leila lives in Montreal.");
    const runs = await fake.drain(deliver, { mode: "checkpoint" });
    const run = runs.find((r) => r.event.data.ingestionId === id)!;
    expect(run.status).toBe("completed");
    expect(run.calls).toBeLessThan(run.steps.length);
    expect((await status(id)).status).toBe("done");
  });

  it("a step run again because its answer was lost stores nothing twice", async () => {
    const id = await ingestOne("I keep a pet tortoise called Gus.");
    const runs = await fake.drain(deliver, { loseResponseOf: (step) => step.startsWith("store-") });
    expect(runs.find((r) => r.event.data.ingestionId === id)!.status).toBe("completed");
    const [row] = await t.db.select().from(ingestions).where(eq(ingestions.id, id));
    const mems = await t.db.select({ text: memories.text }).from(memories).where(eq(memories.endUserId, row!.endUserId));
    expect(mems.filter((m) => /tortoise/i.test(m.text)), mems.map((m) => m.text).join(" | ")).toHaveLength(1);
  });

  describe("a request that Inngest did not sign is refused, and runs nothing", () => {
    let id: string;
    let e: FakeEvent;
    beforeAll(async () => {
      id = await ingestOne("I switched to a standing desk last week.");
      e = eventFor(id);
    });

    const body = (event: FakeEvent) => ({
      event,
      events: [event],
      steps: {},
      ctx: { run_id: "run_forged", attempt: 0, disable_immediate_execution: false, use_api: false, stack: { stack: [], current: 0 } },
      version: -1,
    });

    it.each([
      ["no signature", () => null],
      ["a signature made with another key", () => fake.sign(JSON.stringify(body(e)), `signkey-test-${"ab".repeat(32)}`)],
      ["a valid signature of another body", () => fake.sign(JSON.stringify(body({ ...e, data: { ...e.data, ingestionId: "ing_other" } })))],
      ["a valid signature from ten minutes ago", () => fake.sign(JSON.stringify(body(e)), undefined, Math.round(Date.now() / 1000) - 600)],
      ["a malformed signature", () => "s=abc"],
    ])("%s → 401", async (_what, signature) => {
      const logged = vi.spyOn(console, "error").mockImplementation(() => {});
      const res = await deliver(fake.executionRequest("pio-process-ingestion", e, { body: body(e), signature: signature() }));
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ message: "Unauthorized" });
      // The refusal is logged on the server, for the operator.
      expect(logged.mock.calls.flat().map(String).join("\n")).toMatch(/Signature validation failed/);
      logged.mockRestore();
      const [row] = await t.db.select().from(ingestions).where(and(eq(ingestions.id, id)));
      expect(row!.status).toBe("queued");
      expect(row!.attempts).toBe(0);
    });

    it("while the same request, signed, runs", async () => {
      const res = await deliver(fake.executionRequest("pio-process-ingestion", e, { body: body(e) }));
      expect(res.status).toBe(206);
      const [row] = await t.db.select().from(ingestions).where(eq(ingestions.id, id));
      expect(row!.attempts).toBe(1);
      await fake.drain(deliver);
      expect((await status(id)).status).toBe("done");
    });
  });

  it("once Inngest's retries are spent, the failure handler marks the ingestion failed", async () => {
    // The embedding provider is down: the conversation's chunks cannot be embedded.
    const llm = await startFakeOpenAI({
      chat: () => '{"facts": []}',
      embed: () => {
        throw new Error("embeddings down");
      },
    });
    Object.assign(process.env, { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: llm.url });
    (await import("@/server/env")).resetEnvCache();
    (await import("@/server/ai/providers")).resetAiProviders();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const id = await ingestOne("I moved to Oslo in June.");
      const runs = await fake.drain(deliver);
      expect(logged.mock.calls.flat().map(String).join("\n")).toMatch(/embeddings down/);
      expect(runs.find((r) => r.functionId === "pio-process-ingestion" && r.event.data.ingestionId === id)!.status).toBe("failed");
      expect(runs.some((r) => r.functionId === "pio-process-ingestion-failure" && r.status === "completed")).toBe(true);
      const after = await status(id);
      expect(after.status).toBe("failed");
      expect(JSON.stringify(after.error)).toMatch(/embeddings down/);
    } finally {
      logged.mockRestore();
      delete process.env.OPENAI_API_KEY;
      delete process.env.OPENAI_BASE_URL;
      (await import("@/server/env")).resetEnvCache();
      (await import("@/server/ai/providers")).resetAiProviders();
      await llm.close();
    }
  });
});
