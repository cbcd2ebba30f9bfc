import { beforeAll, describe, expect, it } from "vitest";
import { POST as register } from "@/app/(api)/register/route";
import { getDb } from "@/db/client";
import { ApiError } from "@/server/http/errors";
import { flushRequestLogs, loggedError } from "@/server/http/request-log";
import { call } from "../helpers/api";
import { onboard, portalAccount, type PortalAccount } from "../helpers/portal";

let a: PortalAccount;
let workspaceId: string;
let key: string;
beforeAll(async () => {
  await getDb();
  a = await portalAccount("Log Reader");
  const created = await onboard(a, "Logs Co");
  workspaceId = created.workspace.id;
  key = created.key;
});

const scope = () => ({ workspaceId, environment: "sandbox" as const });

describe("a request log's detail", () => {
  it("shows a failed request's id, method, route, status, latency, key name and environment, and the error body it got", async () => {
    const failed = await call(register, "POST", "/register", { key, body: { user_id: "u1", email: 42 } });
    expect(failed.status).toBe(400);
    const ok = await call(register, "POST", "/register", { key, body: { user_id: "detail-ok" } });
    expect(ok.status).toBe(201);
    await flushRequestLogs();

    const { rows } = await a.caller.logs.list({ ...scope(), filters: {} });
    const failedId = failed.headers.get("x-request-id")!;
    expect(rows.map((r) => r.requestId)).toContain(failedId);

    const detail = await a.caller.logs.get({ ...scope(), requestId: failedId });
    expect(detail).toMatchObject({
      requestId: failedId,
      method: "POST",
      route: "/register",
      status: 400,
      environment: "sandbox",
      key: { name: "Default sandbox key", masked: expect.stringMatching(/^pio_sk_test_\w{4}…\w{4}$/) },
    });
    expect(detail.latencyMs).toBeGreaterThanOrEqual(0);
    expect(detail.errorBody).toEqual({ error: { ...failed.body.error, message: expect.any(String) } });
    expect(detail.errorBody!.error.code).toBe(failed.body.error.code);
    // Never the key.
    expect(JSON.stringify(detail)).not.toContain(key);

    const okDetail = await a.caller.logs.get({ ...scope(), requestId: ok.headers.get("x-request-id")! });
    expect(okDetail).toMatchObject({ status: 201, errorBody: null });
  });

  it("is NOT_FOUND for another environment's or workspace's request", async () => {
    const ok = await call(register, "POST", "/register", { key, body: { user_id: "detail-scope" } });
    await flushRequestLogs();
    const id = ok.headers.get("x-request-id")!;
    await expect(a.caller.logs.get({ workspaceId, environment: "live", requestId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const b = await portalAccount("Other Reader");
    const other = await onboard(b, "Other Logs");
    await expect(b.caller.logs.get({ workspaceId: other.workspace.id, environment: "sandbox", requestId: id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("what a log row keeps of an error", () => {
  it("the code as is; the message and field redacted and bounded", () => {
    const err = new ApiError(400, "validation_error", "Invalid body field `traits.maria.gonzalez77@examplemail.com`: too deep", {
      field: "traits.maria.gonzalez77@examplemail.com",
    });
    const kept = loggedError(err);
    expect(kept.errorCode).toBe("validation_error");
    expect(kept.errorMessage).toMatch(/^Invalid body field `.+`: too deep$/);
    expect(JSON.stringify(kept)).not.toContain("maria.gonzalez77");
    expect(loggedError(new ApiError(400, "x", "y".repeat(5000))).errorMessage!.length).toBeLessThanOrEqual(500);
    expect(loggedError(new ApiError(401, "invalid_api_key", "The API key is not valid."))).toEqual({
      errorCode: "invalid_api_key",
      errorMessage: "The API key is not valid.",
      errorField: null,
    });
  });
});
