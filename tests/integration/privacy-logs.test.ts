import { eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as register } from "@/app/(api)/register/route";
import { getDb } from "@/db/client";
import { ingestions, stage3Runs } from "@/db/schema";
import { defineJob } from "@/inngest/define";
import { runInProcess, waitForIdle } from "@/inngest/runner";
import { publicRoute } from "@/server/http/public-route";
import { ingest } from "@/server/ingest/ingest";
import { markIngestionFailed } from "@/server/ingest/process";
import { describeError, installLogRedaction } from "@/server/lib/log";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";

/**
 * Issue 10, item 6: a 500 wrote the failing SQL's parameters (a raw email and card number) to
 * the server log. Logs, and error texts stored for the client, carry no raw personal data.
 */
const EMAIL = "maria.gonzalez77@examplemail.com";
const CARD = "5555-5555-5555-4444";
const SSN = "219-09-9999";

let t: TestWorkspace;
beforeAll(async () => {
  t = await testWorkspace();
  await call(register, "POST", "/register", { key: t.keys.sandbox, body: { user_id: "log-user" } });
  await waitForIdle();
});

let spies: ReturnType<typeof vi.spyOn>[] = [];
function captureConsole(): () => string {
  const lines: string[] = [];
  const record = (...args: unknown[]) => {
    lines.push(args.map((a) => (a instanceof Error ? `${a.stack}\n${JSON.stringify({ ...a })}\n${String((a as { cause?: unknown }).cause)}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
  };
  spies = (["error", "warn", "log", "info"] as const).map((level) => vi.spyOn(console, level).mockImplementation(record));
  return () => lines.join("\n");
}
afterEach(() => {
  for (const s of spies) s.mockRestore();
  spies = [];
});

function expectNoPii(text: string) {
  expect(text).not.toContain(EMAIL);
  expect(text).not.toContain(CARD);
  expect(text).not.toContain(SSN);
  expect(text).not.toContain("5555555555554444");
}

describe("a 500 from a failing query", () => {
  const failing = publicRoute({ route: "/failing" }, async ({ db }) => {
    // A real query that fails in Postgres with personal data among its parameters.
    await db.execute(sql`select ${EMAIL}::int + ${CARD}::int as n, ${SSN} as s`);
    return { ok: true };
  });

  it("answers the error envelope, and the log names the request and the query, without the parameters", async () => {
    const logs = captureConsole();
    const res = await call(failing, "GET", "/failing", { key: t.keys.sandbox });
    expect(res.status).toBe(500);
    expect(res.body.error).toMatchObject({ code: "internal_error" });
    expectNoPii(JSON.stringify(res.body));
    const out = logs();
    expect(out).toContain(res.body.error.request_id);
    expect(out).toMatch(/Failed query: select \$1::int/);
    expect(out).toMatch(/invalid input syntax for type integer/);
    expectNoPii(out);
  });
});

describe("describeError", () => {
  it("keeps the query text, the SQLSTATE code, the cause chain and the stack frames, never params or detail", async () => {
    const db = await getDb();
    let caught: unknown;
    try {
      await db.execute(sql`select ${`card ${CARD}`}::int`);
    } catch (e) {
      caught = e;
    }
    expect(String((caught as Error).message)).toContain(CARD); // what Drizzle itself puts in its message
    const text = describeError(caught);
    expect(text).toMatch(/Failed query: select \$1::int/);
    expect(text).toMatch(/22P02/);
    expect(text).toMatch(/\n\s+at /);
    expectNoPii(text);
  });

  it("redacts personal data in any error message, and omits detail-like fields", () => {
    const e = Object.assign(new Error(`duplicate key for ${EMAIL}`), { detail: `Key (doc_id)=(${CARD}) already exists.`, code: "23505" });
    const text = describeError(new Error("outer", { cause: e }));
    expect(text).toMatch(/duplicate key for \[EMAIL\]/);
    expect(text).toMatch(/23505/);
    expectNoPii(text);
  });

  it("handles non-errors and odd values", () => {
    expect(describeError(`mail ${EMAIL}`)).toBe("mail [EMAIL]");
    expect(describeError({ params: [EMAIL] })).not.toContain(EMAIL);
    expect(describeError(null)).toBe("null");
    const cyclic: Error & { cause?: unknown } = new Error("loop");
    cyclic.cause = cyclic;
    expect(describeError(cyclic)).toMatch(/loop/);
  });
});

describe("the console guard (installed at server start, covers Next's own error logs)", () => {
  it("console.error / console.warn print errors and strings redacted, without query parameters", async () => {
    const lines: string[] = [];
    const target = { error: (...a: unknown[]) => lines.push(a.join(" ")), warn: (...a: unknown[]) => lines.push(a.join(" ")), log: (...a: unknown[]) => lines.push(a.join(" ")) };
    installLogRedaction(target as unknown as Console);
    const db = await getDb();
    const err = await db.execute(sql`select ${EMAIL}::int`).catch((e: unknown) => e);
    target.error("⨯ unhandled:", err);
    target.warn(`card ${CARD} in a warning`, { ssn: SSN });
    target.log("Network: http://192.168.1.20:3000"); // console.log is left alone (Next's start banner)
    const out = lines.join("\n");
    expect(out).toMatch(/Failed query: select \$1::int/);
    expectNoPii(out);
    expect(out).toContain("192.168.1.20");
  });
});

describe("background jobs", () => {
  it("a job that fails on personal data logs and rethrows it without the data", async () => {
    const logs = captureConsole();
    const job = defineJob<{ n: number }>({
      id: "test-pii-failure",
      event: "test/pii",
      retries: 0,
      handler: async () => {
        const db = await getDb();
        await db.execute(sql`select ${EMAIL}::int`);
      },
    });
    let thrown: unknown;
    await job.spec.handler({ data: { n: 1 }, step: { run: (_id, fn) => fn() }, attempt: 0 }).catch((e: unknown) => (thrown = e));
    expect(thrown).toBeInstanceOf(Error);
    expectNoPii(`${(thrown as Error).message}\n${(thrown as Error).stack}\n${JSON.stringify({ ...(thrown as object) })}`);
    runInProcess(job.spec, { n: 2 });
    await waitForIdle();
    const out = logs();
    expect(out).toMatch(/test-pii-failure failed/);
    expectNoPii(out);
  });

  it("the error stored on a failed ingestion (and shown by GET /ingestions/:id) has no parameters", async () => {
    const db = await getDb();
    const { job } = await ingest(db, { workspaceId: t.workspace.id, environment: "sandbox" }, {
      user_id: "log-user",
      message_history: [{ role: "user", content: "hello there" }],
    });
    const err = (await db.execute(sql`select ${EMAIL}::int`).catch((e: unknown) => e)) as Error;
    await waitForIdle();
    await markIngestionFailed(job!, err);
    const [row] = await db.select().from(ingestions).where(eq(ingestions.id, job!.ingestionId));
    expect(row!.status).toBe("failed");
    expect(row!.error).toMatch(/invalid input syntax/);
    expectNoPii(row!.error!);
  });

  it("a failed Stage 3 run stores its error without parameters", async () => {
    const { stage3Job } = await import("@/inngest/functions/stage3");
    const db = await getDb();
    const [user] = await db.execute<{ id: string }>(sql`select id from end_users where user_id = 'log-user'`).then((r) => r.rows);
    await db.insert(stage3Runs).values({ id: "s3run_logtest", workspaceId: t.workspace.id, environment: "sandbox", endUserId: user!.id, threshold: 999 });
    const err = (await db.execute(sql`select ${CARD}::int`).catch((e: unknown) => e)) as Error;
    await stage3Job.spec.onFailure!({ data: { endUserId: user!.id, threshold: 999 }, error: err });
    const [run] = await db.select().from(stage3Runs).where(eq(stage3Runs.id, "s3run_logtest"));
    expect(run!.status).toBe("failed");
    expectNoPii(run!.error!);
  });
});
