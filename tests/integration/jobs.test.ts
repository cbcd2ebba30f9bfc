import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as register } from "@/app/(api)/register/route";
import { getDb } from "@/db/client";
import { ingestions, memories } from "@/db/schema";
import type { JobSpec } from "@/inngest/define";
import { processIngestionJob } from "@/inngest/functions/process-ingestion";
import { runInProcess, waitForIdle } from "@/inngest/runner";
import { ingest } from "@/server/ingest/ingest";
import { markIngestionFailed } from "@/server/ingest/process";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";

let t: TestWorkspace;
beforeAll(async () => {
  t = await testWorkspace();
  await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "job-user", traits: { name: "Ash Lewis" } } });
});

async function newIngestion(content: string) {
  const { job } = await ingest(await getDb(), { workspaceId: t.workspace.id, environment: "sandbox" }, {
    user_id: "job-user",
    message_history: [{ role: "user", content, timestamp: "2025-11-01T14:30:00Z" }],
    documents: [{ content: "Q4 goals: ship v2.", title: "Goals", document_type: "document", doc_id: `goals-${content.length}` }],
  });
  return job!;
}

describe("process-ingestion as an Inngest function (@inngest/test)", () => {
  it("runs load → extract → reconcile → embed → store → update counts, and stores the memory", async () => {
    const job = await newIngestion("I love sushi and usually eat late dinners around 9pm");
    const engine = new InngestTestEngine({ function: processIngestionJob.fn });
    const { result, ctx } = await engine.execute({ events: [{ name: "pio/ingestion.created", data: job }] });
    expect(result).toMatchObject({ messages: 1, documents: 1, memories_added: 1, document_chunks: 2 });
    const stepIds = (ctx.step.run as any).mock.calls.map((c: unknown[]) => c[0]);
    expect(stepIds).toEqual([
      "load",
      "extract-0",
      "reconcile-0",
      "embed-0",
      "store-0",
      "embed-document-0",
      "store-document-0",
      "embed-document-1",
      "store-document-1",
      "update-counts",
      "follow-up",
      "webhooks",
    ]);
    const [row] = await t.db.select().from(ingestions).where(eq(ingestions.id, job.ingestionId));
    expect(row!.status).toBe("done");
    const mems = await t.db.select().from(memories).where(eq(memories.ingestionId, job.ingestionId));
    expect(mems.map((m) => m.text)).toEqual(["Ash loves sushi and usually eats late dinners around 9pm"]);
  });

  it("a step that fails surfaces as an error of the run (Inngest then retries it)", async () => {
    const job = await newIngestion("I moved to Lisbon last year");
    const engine = new InngestTestEngine({
      function: processIngestionJob.fn,
      // The extraction step fails for real (as a model outage would), inside Inngest's step runner.
      transformCtx: (ctx: any) => {
        const run = ctx.step.run;
        ctx.step.run = (id: string, fn: () => Promise<unknown>) =>
          run(id, id === "extract-0" ? async () => { throw new Error("model unavailable"); } : fn);
        return ctx;
      },
    });
    const { error } = await engine.execute({ events: [{ name: "pio/ingestion.created", data: job }] });
    expect(String((error as Error)?.message ?? error)).toContain("model unavailable");
  });

  it("when retries are spent the ingestion is marked failed with the error, never silently", async () => {
    const job = await newIngestion("I collect vintage cameras");
    await markIngestionFailed(job, new Error("extraction failed: model unavailable"));
    const [row] = await t.db.select().from(ingestions).where(eq(ingestions.id, job.ingestionId));
    expect(row).toMatchObject({ status: "failed", error: "extraction failed: model unavailable" });
    expect(row!.finishedAt).not.toBeNull();
  });

  it("re-running with the same steps already done adds nothing twice (idempotent store)", async () => {
    const job = await newIngestion("I have two cats named Miso and Tofu");
    runInProcess(processIngestionJob.spec, job);
    await waitForIdle();
    const before = await t.db.select().from(memories).where(eq(memories.endUserId, job.endUserId));
    runInProcess(processIngestionJob.spec, job);
    await waitForIdle();
    const after = await t.db.select().from(memories).where(eq(memories.endUserId, job.endUserId));
    expect(after.length).toBe(before.length);
  });
});

describe("the in-process runner", () => {
  it("never overlaps runs with the same concurrency key, and retries then calls onFailure", async () => {
    let running = 0;
    let maxRunning = 0;
    const order: string[] = [];
    const failures: string[] = [];
    const attempts: Record<string, number> = {};
    const spec: JobSpec<{ user: string; name: string; fail?: boolean }> = {
      id: "test-job",
      event: "test/run",
      concurrencyKey: { field: "user", limit: 1 },
      retries: 1,
      async handler({ data, step }) {
        attempts[data.name] = (attempts[data.name] ?? 0) + 1;
        running++;
        maxRunning = Math.max(maxRunning, running);
        try {
          await step.run("work", async () => {
            await new Promise((r) => setTimeout(r, 20));
            order.push(data.name);
          });
          if (data.fail) throw new Error(`boom ${data.name}`);
        } finally {
          running--;
        }
      },
      async onFailure({ data, error }) {
        failures.push(`${data.name}: ${error.message}`);
      },
    };
    runInProcess(spec, { user: "u1", name: "a" });
    runInProcess(spec, { user: "u1", name: "b", fail: true });
    runInProcess(spec, { user: "u1", name: "c" });
    await waitForIdle();
    expect(maxRunning).toBe(1);
    expect(order).toEqual(["a", "b", "c"]);
    expect(attempts.b).toBe(2);
    expect(failures).toEqual(["b: boom b"]);
  });
});
