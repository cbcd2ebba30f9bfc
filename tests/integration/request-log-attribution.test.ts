import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as chunksGet } from "@/app/(api)/chunks/route";
import { DELETE as ingestionDelete } from "@/app/(api)/ingestions/[id]/route";
import { POST as register, GET as registerGet } from "@/app/(api)/register/route";
import { requestLogs } from "@/db/schema";
import { createApiKey, revokeApiKey } from "@/server/keys/service";
import { listRequestLogs } from "@/server/logs/service";
import { call, flushRequestLogs, testWorkspace, type TestWorkspace } from "../helpers/api";

let t: TestWorkspace;
beforeAll(async () => {
  t = await testWorkspace();
});

/** The workspace's log rows as the portal lists them, by request id. */
async function loggedFor(requestId: string, environment: "sandbox" | "live" = "sandbox") {
  const { rows } = await listRequestLogs(t.db, { workspaceId: t.workspace.id, environment });
  return rows.find((r) => r.requestId === requestId);
}

describe("every request that belongs to a workspace is in its request logs", () => {
  it("a 401 revoked_api_key made with one of the workspace's keys", async () => {
    const { apiKey, key } = await createApiKey(t.db, { workspaceId: t.workspace.id, environment: "sandbox", name: "revoked later" });
    await revokeApiKey(t.db, t.workspace.id, apiKey.id);
    const res = await call(register, "POST", "/register", { key, body: { user_id: "u1" } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("revoked_api_key");
    const row = await loggedFor(res.headers.get("x-request-id")!);
    expect(row).toMatchObject({ method: "POST", route: "/register", status: 401, errorCode: "revoked_api_key", apiKeyId: apiKey.id, keyName: "revoked later" });
  });

  it("a 401 expired_api_key made with one of the workspace's keys", async () => {
    const { apiKey, key } = await createApiKey(t.db, {
      workspaceId: t.workspace.id,
      environment: "live",
      name: "expired",
      expiresAt: new Date(Date.now() - 1000),
    });
    const res = await call(register, "POST", "/register", { key, body: { user_id: "u1" } });
    expect(res.body.error.code).toBe("expired_api_key");
    const row = await loggedFor(res.headers.get("x-request-id")!, "live");
    expect(row).toMatchObject({ status: 401, errorCode: "expired_api_key", apiKeyId: apiKey.id });
  });

  it("a 405 made with a valid key, under the route's name", async () => {
    const res = await call(registerGet, "GET", "/register", { key: t.keys.sandbox });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST, PUT");
    const row = await loggedFor(res.headers.get("x-request-id")!);
    expect(row).toMatchObject({ method: "GET", route: "/register", status: 405, errorCode: "method_not_allowed" });
    expect(row!.apiKeyId).toMatch(/^key_/);

    const other = await call(chunksGet, "GET", "/chunks", { key: t.keys.live });
    expect(await loggedFor(other.headers.get("x-request-id")!, "live")).toMatchObject({ route: "/chunks", status: 405 });
    const byId = await call(ingestionDelete, "DELETE", "/ingestions/ing_x", { key: t.keys.sandbox, params: { id: "ing_x" } });
    expect(await loggedFor(byId.headers.get("x-request-id")!)).toMatchObject({ route: "/ingestions/:id", method: "DELETE", status: 405 });
  });

  it("a 405 with a revoked key is still the workspace's; a 405 with no key or an unknown key is still answered", async () => {
    const { apiKey, key } = await createApiKey(t.db, { workspaceId: t.workspace.id, environment: "sandbox", name: "revoked 405" });
    await revokeApiKey(t.db, t.workspace.id, apiKey.id);
    const revoked = await call(registerGet, "GET", "/register", { key });
    expect(revoked.status).toBe(405);
    expect(await loggedFor(revoked.headers.get("x-request-id")!)).toMatchObject({ status: 405, apiKeyId: apiKey.id });

    for (const k of [null, "pio_sk_test_doesnotexist"]) {
      const res = await call(registerGet, "GET", "/register", { key: k });
      expect(res.status).toBe(405);
      expect(res.body.error.code).toBe("method_not_allowed");
      await flushRequestLogs();
      const rows = await t.db.select().from(requestLogs).where(eq(requestLogs.requestId, res.headers.get("x-request-id")!));
      expect(rows.every((r) => r.workspaceId === null)).toBe(true);
    }
  });

  it("no log row holds the key itself", async () => {
    const { key } = await createApiKey(t.db, { workspaceId: t.workspace.id, environment: "sandbox", name: "secret check" });
    await call(registerGet, "GET", "/register", { key });
    await call(register, "POST", "/register", { key, body: { user_id: "u2" } });
    await flushRequestLogs();
    const rows = await t.db.select().from(requestLogs).where(eq(requestLogs.workspaceId, t.workspace.id));
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(JSON.stringify(rows)).not.toContain(key.slice(-12));
  });
});
