import { expect, test, type APIResponse } from "@playwright/test";
import { sandboxKey } from "./support";

/**
 * The public API answers with its own headers only: nothing of Next.js's router (the
 * `vary: rsc, next-router-…` of its pages, `x-nextjs-*`, `x-powered-by`) on any route
 * handler, for successes and failures alike.
 */
const OWN = new Set([
  "content-type",
  "cache-control",
  "x-request-id",
  "x-ratelimit-limit",
  "x-ratelimit-remaining",
  "retry-after",
  "allow",
  // HTTP itself
  "date",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "content-encoding",
  "vary",
]);

function expectOwnHeaders(res: APIResponse) {
  const headers = res.headers();
  const foreign = Object.keys(headers).filter((h) => !OWN.has(h));
  expect(foreign, `unexpected headers on ${res.url()}`).toEqual([]);
  // Compression may make a response vary by Accept-Encoding; nothing else.
  const vary = (headers.vary ?? "").split(",").map((v) => v.trim().toLowerCase()).filter(Boolean);
  expect(vary.filter((v) => v !== "accept-encoding"), `vary on ${res.url()}`).toEqual([]);
}

test.describe("public API headers", () => {
  test("successes, validation errors, auth errors and 405s carry only the API's headers", async ({ request }) => {
    const headers = { "x-api-key": sandboxKey(), "Content-Type": "application/json" };
    const calls = [
      await request.post("/register", { headers, data: { user_id: "headers-user" } }),
      await request.post("/register", { headers, data: { user_id: 5 } }),
      await request.post("/register", { data: { user_id: "x" } }),
      await request.get("/summary?user_id=headers-user", { headers }),
      await request.post("/chunks", { headers, data: { user_id: "headers-user", history: [{ role: "user", content: "hello" }] } }),
      await request.post("/query", { headers, data: { user_id: "headers-user", question: "What does the user like?" } }),
      await request.get("/ingestions/ing_unknown", { headers }),
      await request.get("/ingest", { headers }),
      await request.get("/api/health"),
    ];
    expect(calls.map((r) => r.status())).toEqual([201, 400, 401, 200, 200, 200, 404, 405, 200]);
    for (const res of calls) expectOwnHeaders(res);
  });

  test("an unknown path: the JSON error envelope for an API client, the portal's 404 page for a browser", async ({ request, page }) => {
    const typo = await request.post("/regster", { headers: { "x-api-key": sandboxKey(), "Content-Type": "application/json" }, data: { user_id: "x" } });
    expect(typo.status()).toBe(404);
    const body = await typo.json();
    expect(body.error).toMatchObject({ code: "not_found" });
    expect(body.error.message).toContain("POST /regster");
    expect(body.error.message).toContain("/openapi.json");
    expectOwnHeaders(typo);
    // Without a key too, as long as the client does not ask for HTML.
    const noKey = await request.get("/v1/summary?user_id=x", { headers: { accept: "application/json" } });
    expect(noKey.status()).toBe(404);
    expect((await noKey.json()).error.code).toBe("not_found");

    const res = await page.goto("/no-such-page");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });

  test("a compressed answer varies only by Accept-Encoding", async ({ request }) => {
    const res = await request.post("/chunks", {
      headers: { "x-api-key": sandboxKey(), "Content-Type": "application/json", "Accept-Encoding": "gzip" },
      data: { user_id: "headers-user", history: [{ role: "user", content: "hello ".repeat(400) }] },
    });
    expect(res.status()).toBe(200);
    expectOwnHeaders(res);
  });

  test("portal pages keep Next's vary (their RSC payloads depend on it)", async ({ request }) => {
    const res = await request.get("/signin");
    expect(res.headers().vary ?? "").toMatch(/\brsc\b/);
  });
});
