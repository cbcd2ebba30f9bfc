import { InngestTestEngine } from "@inngest/test";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as chunks } from "@/app/(api)/chunks/route";
import { POST as register } from "@/app/(api)/register/route";
import { ingestions, searchIndex, stage3Entries } from "@/db/schema";
import { reembedJob } from "@/inngest/functions/reembed";
import { resumePendingWork } from "@/inngest/recover";
import { waitForIdle } from "@/inngest/runner";
import { OFFLINE_EMBEDDING_MODEL } from "@/server/ai/embeddings";
import { ingest } from "@/server/ingest/ingest";
import { needsReembedding } from "@/server/retrieval/reembed";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";

let t: TestWorkspace;
beforeAll(async () => {
  t = await testWorkspace();
  await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "rec", traits: { name: "Ash Lewis" } } });
});

const ask = () =>
  call(chunks, "POST", "/chunks", {
    key: t.keys.sandbox,
    body: { user_id: "rec", history: [{ role: "user", content: "Any dinner ideas for tonight?" }], similarity_threshold: 0 },
  });

describe("in-process work survives a restart", () => {
  it("an ingestion left queued by a stopped process is resumed at start-up", async () => {
    // Stored, but the process "stopped" before its job ran (no dispatch).
    const { result } = await ingest(t.db, { workspaceId: t.workspace.id, environment: "sandbox" }, {
      user_id: "rec",
      message_history: [{ role: "user", content: "I love sushi and usually eat late dinners around 9pm", timestamp: "2025-11-01T14:30:00Z" }],
    });
    const status = async () => (await t.db.select().from(ingestions).where(eq(ingestions.id, result.ingestion_id)))[0]!.status;
    expect(await status()).toBe("queued");
    expect(await resumePendingWork()).toBeGreaterThanOrEqual(1);
    await waitForIdle();
    expect(await status()).toBe("done");
  });
});

describe("switching the embedding provider re-embeds instead of mixing spaces", () => {
  it("rows embedded by another model are re-embedded by the backfill job", async () => {
    const fresh = await ask();
    const memory = fresh.body.chunks.find((c: { source: string }) => c.source === "memory");
    expect(memory.text).toMatch(/sushi/);
    // Pretend the vectors came from an older provider.
    await t.db.update(searchIndex).set({ embeddingModel: "openai:old-model" }).where(eq(searchIndex.workspaceId, t.workspace.id));
    await t.db.update(stage3Entries).set({ questionEmbeddingModel: "openai:old-model" }).where(eq(stage3Entries.workspaceId, t.workspace.id));
    expect(await needsReembedding(t.db)).toBe(true);
    // Meanwhile retrieval never compares vectors of two models: the memory scores by its words only.
    const meanwhile = await ask();
    const same = meanwhile.body.chunks.find((c: { id: string }) => c.id === memory.id);
    expect(same?.score ?? 0).toBeLessThan(memory.score);

    const { result } = await new InngestTestEngine({ function: reembedJob.fn }).execute({
      events: [{ name: "pio/search.reembed", data: { model: OFFLINE_EMBEDDING_MODEL } }],
    });
    expect((result as { reembedded: number }).reembedded).toBeGreaterThanOrEqual(2);
    expect(await needsReembedding(t.db)).toBe(false);
    const rows = await t.db.select().from(searchIndex).where(and(eq(searchIndex.workspaceId, t.workspace.id)));
    expect(rows.every((r) => r.embeddingModel === OFFLINE_EMBEDDING_MODEL)).toBe(true);
    const after = await ask();
    expect(after.body.chunks.find((c: { id: string }) => c.id === memory.id).score).toBeCloseTo(memory.score, 3);
  });
});
