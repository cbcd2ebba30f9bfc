import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/(api)/register/route";
import { apiKeys, requestLogs } from "@/db/schema";
import { resetEnvCache } from "@/server/env";
import { resetRateLimits } from "@/server/http/rate-limit";
import { createApiKey, revokeApiKey } from "@/server/keys/service";
import { call, flushRequestLogs, testWorkspace, type TestWorkspace } from "../helpers/api";

let t: TestWorkspace;
beforeAll(async () => {
  t = await testWorkspace();
});
afterEach(() => {
  delete process.env.RATE_LIMIT_RPS;
  resetEnvCache();
  resetRateLimits();
});

const ok = { user_id: "wrapper-user" };

function expectEnvelope(res: { status: number; body: any; headers: Headers }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String), request_id: expect.stringMatching(/^req_/) }) });
  expect(res.headers.get("x-request-id")).toBe(res.body.error.request_id);
}

describe("authentication", () => {
  it("401 missing_api_key without a key", async () => {
    expectEnvelope(await call(POST, "POST", "/register", { body: ok }), 401, "missing_api_key");
  });

  it("401 invalid_api_key for an unknown or malformed key", async () => {
    expectEnvelope(await call(POST, "POST", "/register", { key: "pio_sk_test_doesnotexist", body: ok }), 401, "invalid_api_key");
    expectEnvelope(await call(POST, "POST", "/register", { key: "hello", body: ok }), 401, "invalid_api_key");
  });

  it("401 revoked_api_key once a key is revoked", async () => {
    const { apiKey, key } = await createApiKey(t.db, { workspaceId: t.workspace.id, environment: "sandbox", name: "to revoke" });
    expect((await call(POST, "POST", "/register", { key, body: ok })).status).toBeLessThan(300);
    await revokeApiKey(t.db, t.workspace.id, apiKey.id);
    expectEnvelope(await call(POST, "POST", "/register", { key, body: ok }), 401, "revoked_api_key");
  });

  it("401 expired_api_key after expires_at", async () => {
    const { key } = await createApiKey(t.db, {
      workspaceId: t.workspace.id,
      environment: "sandbox",
      name: "expired",
      expiresAt: new Date(Date.now() - 1000),
    });
    expectEnvelope(await call(POST, "POST", "/register", { key, body: ok }), 401, "expired_api_key");
  });

  it("accepts Authorization: Bearer as well as x-api-key, and records last_used_at", async () => {
    const { apiKey, key } = await createApiKey(t.db, { workspaceId: t.workspace.id, environment: "sandbox", name: "bearer" });
    const res = await call(POST, "POST", "/register", { headers: { Authorization: `Bearer ${key}` }, body: ok });
    expect(res.status).toBeLessThan(300);
    await new Promise((r) => setTimeout(r, 50));
    const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(row!.lastUsedAt).not.toBeNull();
  });
});

describe("bodies", () => {
  it("400 invalid_json for malformed JSON", async () => {
    expectEnvelope(await call(POST, "POST", "/register", { key: t.keys.sandbox, raw: '{"user_id": ' }), 400, "invalid_json");
  });

  it("400 missing_body for an empty body", async () => {
    expectEnvelope(await call(POST, "POST", "/register", { key: t.keys.sandbox, raw: "" }), 400, "missing_body");
  });

  it("413 when Content-Length declares more than 10 MB, without reading it", async () => {
    const res = await call(POST, "POST", "/register", {
      key: t.keys.sandbox,
      raw: "{}",
      headers: { "content-length": String(12 * 1024 * 1024) },
    });
    expectEnvelope(res, 413, "payload_too_large");
  });

  it("413 when a streamed body passes 10 MB, and the next request succeeds", async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(97);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 12) controller.enqueue(chunk);
        else controller.close();
      },
    });
    expectEnvelope(await call(POST, "POST", "/register", { key: t.keys.sandbox, raw: stream }), 413, "payload_too_large");
    expect(sent).toBeLessThanOrEqual(12);
    expect((await call(POST, "POST", "/register", { key: t.keys.sandbox, body: ok })).status).toBeLessThan(300);
  });
});

describe("methods, rate limits and logs", () => {
  it("405 in the envelope, with Allow, for a wrong method", async () => {
    const res = await call(GET, "GET", "/register");
    expectEnvelope(res, 405, "method_not_allowed");
    expect(res.headers.get("allow")).toBe("POST, PUT");
  });

  it("429 with Retry-After past RATE_LIMIT_RPS, per key", async () => {
    process.env.RATE_LIMIT_RPS = "3";
    resetEnvCache();
    // Sent together: one after the other, a slow machine (each call over 1/3 s) stays under 3 per second.
    const results = await Promise.all(Array.from({ length: 5 }, () => call(POST, "POST", "/register", { key: t.keys.sandbox, body: ok })));
    const statuses = results.map((r) => r.status);
    const limited = results.find((r) => r.status === 429);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expectEnvelope(limited!, 429, "rate_limited");
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Another key of the same workspace has its own budget.
    expect((await call(POST, "POST", "/register", { key: t.keys.live, body: ok })).status).toBeLessThan(300);
  });

  it("RATE_LIMIT_RPS=0 turns the limit off", async () => {
    process.env.RATE_LIMIT_RPS = "0";
    resetEnvCache();
    for (let i = 0; i < 30; i++) {
      expect((await call(POST, "POST", "/register", { key: t.keys.sandbox, body: ok })).status).toBeLessThan(300);
    }
  });

  it("writes a request-log row per call, without the key or the body", async () => {
    const res = await call(POST, "POST", "/register", { key: t.keys.live, body: { user_id: 5 } });
    await flushRequestLogs();
    const [row] = await t.db
      .select()
      .from(requestLogs)
      .where(and(eq(requestLogs.requestId, res.headers.get("x-request-id")!), eq(requestLogs.workspaceId, t.workspace.id)));
    expect(row).toMatchObject({ method: "POST", route: "/register", status: 400, environment: "live", errorCode: "validation_error" });
    expect(row!.apiKeyId).toMatch(/^key_/);
    expect(row!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(row)).not.toContain(t.keys.live);
  });
});
