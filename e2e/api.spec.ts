import { expect, test } from "@playwright/test";
import { specRequest } from "../tests/helpers/spec";
import { sandboxKey } from "./support";

// The spec's register request, read verbatim from ../shared (never copied into the repo).
const specRegister = JSON.parse(specRequest("POST /register"));

test.describe("the public API on the production server", () => {
  test("health reports the database", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: { reachable: true, driver: "pglite" } });
  });

  test("a key from key:create registers the spec's user; the same call again merges", async ({ request }) => {
    const headers = { "x-api-key": sandboxKey(), "Content-Type": "application/json" };
    const first = await request.post("/register", { headers, data: specRegister });
    expect(first.status()).toBe(201);
    const body = await first.json();
    expect(body).toMatchObject({ user_id: expect.stringMatching(/^usr_/), status: "active" });
    const again = await request.post("/register", { headers, data: specRegister });
    expect(again.status()).toBe(200);
    expect((await again.json()).user_id).toBe(body.user_id);
  });

  test("missing and unknown keys get 401 in the envelope; malformed JSON gets 400", async ({ request }) => {
    const missing = await request.post("/register", { data: specRegister });
    expect(missing.status()).toBe(401);
    expect((await missing.json()).error).toMatchObject({ code: "missing_api_key", request_id: expect.any(String) });
    expect(missing.headers()["x-request-id"]).toMatch(/^req_/);

    const unknown = await request.post("/register", { headers: { "x-api-key": "pio_sk_test_unknown" }, data: specRegister });
    expect(unknown.status()).toBe(401);
    expect((await unknown.json()).error.code).toBe("invalid_api_key");

    const malformed = await request.post("/register", {
      headers: { "x-api-key": sandboxKey(), "Content-Type": "application/json" },
      data: Buffer.from('{"email": "me@pioneer.ai",'),
    });
    expect(malformed.status()).toBe(400);
    expect((await malformed.json()).error.code).toBe("invalid_json");
  });

  test("a 12 MB body gets 413 and the next request succeeds", async ({ request }) => {
    const big = JSON.stringify({ email: "big@pioneer.ai", traits: { blob: "a".repeat(12 * 1024 * 1024) } });
    const res = await request.post("/register", {
      headers: { "x-api-key": sandboxKey(), "Content-Type": "application/json" },
      data: Buffer.from(big),
    });
    expect(res.status()).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
    const next = await request.post("/register", { headers: { "x-api-key": sandboxKey() }, data: { user_id: "after-413" } });
    expect(next.status()).toBe(201);
  });

  test("a wrong method gets 405 in the envelope", async ({ request }) => {
    const res = await request.get("/register", { headers: { "x-api-key": sandboxKey() } });
    expect(res.status()).toBe(405);
    expect((await res.json()).error.code).toBe("method_not_allowed");
  });
});
