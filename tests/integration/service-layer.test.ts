import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as ingestRoute } from "@/app/(api)/ingest/route";
import { GET as mcpGet, POST as mcpPost } from "@/app/mcp/route";
import { ingestions } from "@/db/schema";
import type { Job } from "@/inngest/define";
import { submitIngestion } from "@/server/ingest/submit";
import { ingestBody } from "@/server/ingest/schema";
import { serviceContext, type Jobs, type ServiceContext } from "@/server/service/context";
import { DomainError } from "@/server/service/errors";
import { registerUser } from "@/server/users/register-user";
import { call, testWorkspace, type TestWorkspace } from "../helpers/api";
import { onboard, portalAccount } from "../helpers/portal";

/**
 * The service layer: use cases take one context, send their follow-ups through `ctx.jobs`
 * after their transaction commits, and throw domain errors that each transport maps once.
 */
let t: TestWorkspace;
beforeAll(async () => {
  t = await testWorkspace();
});

/** A Jobs that records what a use case sends, and what the database held at that moment. */
function recorder(check?: (event: string, data: Record<string, unknown>) => Promise<unknown>) {
  const sent: { event: string; data: Record<string, unknown>; seen?: unknown }[] = [];
  const jobs: Jobs = {
    async send<T extends Record<string, unknown>>(job: Job<T>, data: T) {
      sent.push({ event: job.spec.event, data, seen: await check?.(job.spec.event, data) });
    },
  };
  return { jobs, sent };
}

const ctxWith = (jobs: Jobs): ServiceContext =>
  serviceContext({ db: t.db, scope: { workspaceId: t.workspace.id, environment: "sandbox" }, actor: { kind: "system", name: "test" }, requestId: "req_test", jobs });

describe("use cases send their follow-ups through ctx.jobs", () => {
  it("registerUser sends the summary refresh for the user it registered", async () => {
    const { jobs, sent } = recorder();
    const { user, created } = await registerUser(ctxWith(jobs), { user_id: "svc-1", traits: { name: "Sam" } });
    expect(created).toBe(true);
    expect(sent).toEqual([{ event: "pio/summary.refresh", data: { endUserId: user.id }, seen: undefined }]);
  });

  it("submitIngestion sends the processing job once its transaction committed, and nothing for a refused request", async () => {
    // Read on another path than the transaction: the row is there when the job is sent.
    const { jobs, sent } = recorder(async (_event, data) => (await t.db.select({ status: ingestions.status }).from(ingestions).where(eq(ingestions.id, String(data.ingestionId))))[0]?.status);
    const ctx = ctxWith(jobs);
    const result = await submitIngestion(ctx, ingestBody.parse({ user_id: "svc-1", message_history: [{ role: "user", content: "I brew my own kombucha." }] }));
    expect(sent).toEqual([
      {
        event: "pio/ingestion.created",
        data: { ingestionId: result.ingestion_id, endUserId: expect.stringMatching(/^eu_/), workspaceId: t.workspace.id, environment: "sandbox" },
        seen: "queued",
      },
    ]);
    const err = await submitIngestion(ctx, ingestBody.parse({ user_id: "nobody", message_history: [{ role: "user", content: "Hi" }] })).catch((e) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ kind: "not_found", code: "user_not_found", field: "user_id" });
    expect(sent).toHaveLength(1);
  });
});

describe("each transport maps a domain error once", () => {
  it("REST: the envelope with the status of the status map and the field", async () => {
    const res = await call(ingestRoute, "POST", "/ingest", { key: t.keys.sandbox, body: { user_id: "nobody", message_history: [{ role: "user", content: "Hi" }] } });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: "user_not_found", field: "user_id", request_id: expect.stringMatching(/^req_/) });
  });

  it("MCP: a tool error carrying the same envelope", async () => {
    const fetchMcp = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init);
      return req.method === "POST" ? mcpPost(req) : mcpGet(req);
    }) as typeof fetch;
    const client = new Client({ name: "pio-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL("http://pio.test/mcp"), { fetch: fetchMcp, requestInit: { headers: { "x-api-key": t.keys.sandbox } } }),
    );
    const out = (await client.callTool({ name: "get_ingestion", arguments: { id: "ing_missing" } })) as { isError?: boolean; content: { text: string }[] };
    expect(out.isError).toBe(true);
    expect(JSON.parse(out.content[0]!.text).error).toMatchObject({ code: "ingestion_not_found", field: "id" });
    await client.close();
  });

  it("tRPC: the matching TRPCError code, the domain error as its cause", async () => {
    const a = await portalAccount("Service layer");
    const workspaceId = (await onboard(a, "Service Co")).workspace.id;
    const err = await a.caller.explorer.deleteUser({ workspaceId, environment: "sandbox", userId: "nobody" }).catch((e) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect(err.code).toBe("NOT_FOUND");
    expect(err.cause).toMatchObject({ code: "user_not_found", field: "user_id" });
  });
});
